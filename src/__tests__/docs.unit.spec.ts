import fs from "fs"
import path from "path"
import { DunningOptionsSchema } from "../modules/dunning/options"
import { SmtpOptionsSchema } from "../providers/smtp/options"
import { WebhookOptionsSchema } from "../providers/webhook/options"
import { TEMPLATE_VARIABLES } from "../modules/dunning/templates/variables"
import { apiRoutes } from "../../scripts/check/routes"

/**
 * The reference in docs/ cannot drift from the code: every option a merchant can set and every route the
 * plugin serves is named there. A new option or route without documentation fails here.
 */
const ROOT = path.resolve(__dirname, "..", "..")
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8")

/** Option paths of a zod object schema, nested objects as `parent.child`. */
function optionPaths(schema: any, prefix = ""): string[] {
  let inner = schema
  while (inner?._zod?.def && ["default", "optional", "nullable", "pipe", "prefault"].includes(inner._zod.def.type)) {
    inner = inner._zod.def.innerType ?? inner._zod.def.in
  }
  const shape = inner?._zod?.def?.shape
  if (!shape) {
    return prefix ? [prefix] : []
  }
  return Object.entries(shape).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key
    const nested = optionPaths(value, name)
    return nested.length > 1 || (nested.length === 1 && nested[0] !== name) ? [name, ...nested] : [name]
  })
}

describe("the reference documentation", () => {
  const configuration = read("docs/configuration.md")

  it.each(optionPaths(DunningOptionsSchema))("names the plugin option %s", (option) => {
    expect(configuration).toContain(`\`${option}\``)
  })

  it.each(optionPaths(SmtpOptionsSchema))("names the SMTP provider option %s", (option) => {
    expect(configuration).toContain(option.includes(".") ? option.split(".").pop()! : option)
  })

  it.each(optionPaths(WebhookOptionsSchema))("names the webhook provider option %s", (option) => {
    expect(configuration).toContain(option)
  })

  const templates = read("docs/policies-and-templates.md")

  it.each(TEMPLATE_VARIABLES.map((v) => [v.name, v] as const))("describes the template variable %s as the editor does", (_name, variable) => {
    expect(templates).toContain(`| \`${variable.name}\` | ${variable.description} | ${variable.example.replace(/\|/g, "\\|")} |`)
  })

  const adminApi = read("docs/admin-api.md")
  const served = apiRoutes(ROOT)

  it("finds the routes it checks", () => {
    expect(served.length).toBeGreaterThan(20)
    expect(served).toContainEqual(["GET", "/admin/dunning/receivables"])
    expect(served).toContainEqual(["POST", "/admin/dunning/receivables/:id/payments"])
  })

  it.each(served)("documents %s %s", (method, url) => {
    expect(adminApi).toContain(`\`${method} ${url}\``)
  })
})
