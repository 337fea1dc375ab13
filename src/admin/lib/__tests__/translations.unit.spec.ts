import fs from "fs"
import path from "path"
import ts from "typescript"
import resources from "../../i18n"
import { dashboardLocale, NAMESPACE } from "../i18n"
import { language } from "./languages"

/**
 * The plugin's admin translations: every language says everything English says, with the same
 * placeholders and the plural forms its own grammar needs; every key the screens use exists, and every
 * key exists because a screen uses it.
 */

type Tree = { [key: string]: string | Tree }
const PLURAL_CATEGORIES = new Set(["zero", "one", "two", "few", "many", "other"])
const ADMIN = path.resolve(__dirname, "..", "..")

const texts = Object.fromEntries(Object.entries(resources).map(([code, namespaces]) => [code, (namespaces as Record<string, Tree>)[NAMESPACE]]))
const english = texts.en

const isPluralGroup = (value: string | Tree): value is Tree =>
  typeof value === "object" && "other" in value && Object.keys(value).every((key) => PLURAL_CATEGORIES.has(key))

/** Every text by its key; a plural group is one entry ("format.days"). */
function entries(tree: Tree, prefix = ""): Array<[string, string | Tree]> {
  return Object.entries(tree).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key
    return typeof value === "string" || isPluralGroup(value) ? [[full, value] as [string, string | Tree]] : entries(value, full)
  })
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort()

const forms = (value: string | Tree) => (typeof value === "string" ? [value] : Object.values(value as Record<string, string>))

/** Texts that rightly read the same as in English: codes, abbreviations, loanwords, words the languages share. */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  all: [
    "enums.channel.webhook",
    "notice.html",
    "overdue.currencyExample",
    "settings.stages.sends",
    "performance.kpis.dso",
    "performance.kpis.byChannel",
    "customer.summary.sentAndFailed",
  ],
  es: ["enums.runTrigger.manual", "notice.facts.cc", "settings.templates.variables"],
  de: ["actions.optional", "notice.text", "notice.facts.cc", "notice.facts.bcc", "runs.status", "settings.policy.name", "settings.policy.bcc", "settings.stage.name"],
  fr: ["enums.eventType.note", "actions.note", "actions.profile.notes", "collections.tabs.performance", "performance.title", "settings.stage.action", "settings.templates.variables"],
  it: ["calls.followUp"],
  nl: ["enums.receivableStatus.open", "collections.tabs.runs", "calls.ageDays", "runs.count.batches", "runs.status", "variants.variant", "variants.editorTitle", "variants.previewA", "variants.previewB"],
  ptBR: ["enums.runTrigger.manual", "runs.status"],
  ptPT: ["enums.runTrigger.manual"],
}

const codes = Object.keys(texts).filter((code) => code !== "en")

describe("the admin translations", () => {
  it.each(codes)("%s has every key of English and nothing else", (code) => {
    const keys = (tree: Tree) => entries(tree).map(([key]) => key).sort()
    expect(keys(texts[code])).toEqual(keys(english))
  })

  it.each(codes)("%s keeps English's placeholders in every text", (code) => {
    const theirs = new Map(entries(texts[code]))
    const differences = entries(english).flatMap(([key, value]) => {
      const wanted = placeholders(forms(value).find((form) => form.includes("{{")) ?? forms(value)[0])
      return forms(theirs.get(key) ?? "")
        .filter((form) => JSON.stringify(placeholders(form)) !== JSON.stringify(wanted))
        .map((form) => `${key}: ${JSON.stringify(form)} should use ${wanted.map((p) => `{{${p}}}`).join(", ") || "no placeholder"}`)
    })
    expect(differences).toEqual([])
  })

  it.each(Object.keys(texts))("%s has the plural forms its grammar needs, and no others", (code) => {
    const categories = new Intl.PluralRules(dashboardLocale(code)).resolvedOptions().pluralCategories.sort()
    const wrong = entries(texts[code])
      .filter(([, value]) => typeof value !== "string")
      .filter(([, value]) => JSON.stringify(Object.keys(value).sort()) !== JSON.stringify(categories))
      .map(([key, value]) => `${key}: ${Object.keys(value).join(", ")} (wants ${categories.join(", ")})`)
    expect(wrong).toEqual([])
  })

  it.each(codes)("%s is translated, not left in English", (code) => {
    const theirs = new Map(entries(texts[code]))
    const untranslated = entries(english)
      .filter(([key]) => ![...SAME_AS_ENGLISH.all, ...(SAME_AS_ENGLISH[code] ?? [])].includes(key))
      .filter(([key, value]) => JSON.stringify(theirs.get(key)) === JSON.stringify(value))
      .map(([key]) => key)
    expect(untranslated).toEqual([])
  })

  it.each(Object.keys(texts))("%s renders every text through i18next with its placeholders filled", (code) => {
    const { t } = language(code)
    const broken = entries(texts[code]).flatMap(([key, value]) => {
      const values = Object.fromEntries(forms(value).flatMap(placeholders).map((name) => [name, `<${name}>`]))
      const keys = typeof value === "string" ? [key] : Object.keys(value).map((form) => `${key}.${form}`)
      return keys
        .map((full) => [full, t(full, values)])
        .filter(([full, text]) => !text || text === full || text.includes("{{") || text !== text.trim())
        .map(([full, text]) => `${full}: ${JSON.stringify(text)}`)
    })
    expect(broken).toEqual([])
  })

  it("are under the dashboard's own language codes", () => {
    // the dashboard's language menu (src/i18n/languages.ts in @medusajs/dashboard)
    const dist = path.dirname(require.resolve("@medusajs/dashboard/package.json"))
    const menu = fs
      .readdirSync(path.join(dist, "dist"))
      .filter((file) => file.endsWith(".mjs"))
      .map((file) => fs.readFileSync(path.join(dist, "dist", file), "utf8"))
      .find((text) => text.includes("// src/i18n/languages.ts"))!
    const dashboard = new Set([...menu.matchAll(/code: "(\w+)"/g)].map((m) => m[1]))
    expect(Object.keys(texts).filter((code) => !dashboard.has(code))).toEqual([])
    expect(Object.keys(texts)).toEqual(expect.arrayContaining(["en", "es", "de", "fr", "it", "nl", "ptBR", "ptPT"]))
  })
})

/** The keys the screens ask for: `t("…")` (either branch of a `?:`), `plural(lang, "…", n)`, `enumLabel(lang, "group", …)`. */
function keysUsed(): { exact: Set<string>; plural: Set<string>; prefixes: Set<string> } {
  const used = { exact: new Set<string>(), plural: new Set<string>(), prefixes: new Set<string>(["order.terms"]) }
  const literals = (node: ts.Expression | undefined): string[] =>
    !node ? [] : ts.isStringLiteral(node) ? [node.text] : ts.isConditionalExpression(node) ? [...literals(node.whenTrue), ...literals(node.whenFalse)] : []
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ""
      if (name === "t") literals(node.arguments[0]).forEach((key) => used.exact.add(key))
      if (name === "plural") literals(node.arguments[1]).forEach((key) => used.plural.add(key))
      if (name === "enumLabel") literals(node.arguments[1]).forEach((group) => used.prefixes.add(`enums.${group}`))
    }
    ts.forEachChild(node, visit)
  }
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === "__tests__" || entry.name === "i18n" ? [] : walk(full)
      return /\.tsx?$/.test(entry.name) ? [full] : []
    })
  for (const file of walk(ADMIN)) {
    visit(ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2021, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS))
  }
  // the route labels, translated by the dashboard's menu (defineRouteConfig({ label, translationNs }))
  used.exact.add("nav.collections")
  return used
}

describe("the keys the screens use", () => {
  const used = keysUsed()
  const english_ = new Map(entries(english))

  it("exist in English: texts as texts, counts as plural groups", () => {
    const missing = [
      ...[...used.exact].filter((key) => typeof english_.get(key) !== "string").map((key) => `t("${key}")`),
      ...[...used.plural].filter((key) => !english_.has(key) || typeof english_.get(key) === "string").map((key) => `plural("${key}")`),
      ...[...used.prefixes].filter((prefix) => ![...english_.keys()].some((key) => key.startsWith(`${prefix}.`))).map((prefix) => `${prefix}.*`),
    ]
    expect(missing).toEqual([])
  })

  it("are all the keys English has: none is left behind by a screen that changed", () => {
    const unused = [...english_.keys()].filter(
      (key) => !used.exact.has(key) && !used.plural.has(key) && ![...used.prefixes].some((prefix) => key.startsWith(`${prefix}.`))
    )
    expect(unused).toEqual([])
  })

  it("name the plugin's namespace in each page's route config, as the dashboard's menu reads it from the source", () => {
    for (const page of ["routes/dunning/page.tsx", "routes/settings/collections/page.tsx"]) {
      expect(fs.readFileSync(path.join(ADMIN, page), "utf8")).toContain(`label: "nav.collections", translationNs: "${NAMESPACE}"`)
    }
  })
})
