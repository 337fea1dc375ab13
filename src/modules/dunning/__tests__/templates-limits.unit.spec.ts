import { spawnSync } from "child_process"
import path from "path"
import { DEFAULT_STAGES } from "../domain/policy"
import {
  CONTEXT_LIMITS,
  htmlToText,
  renderNotice,
  sampleNoticeContext,
  TEMPLATE_LIMITS,
  TEMPLATE_VARIABLES,
  validateTemplates,
  worstCaseNoticeContext,
  type NoticeTemplateContext,
} from "../templates"
import { CONTEXT_SHAPE, listedPart, prepareContext, type ValueShape } from "../templates/context"
import { tidy } from "../templates/text-sink"

const NOW = new Date("2026-03-20T10:00:00.000Z")
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, " ")

/** A sample notice for a customer with `count` open invoices. */
function withInvoices(count: number, overrides: Partial<NoticeTemplateContext> = {}): NoticeTemplateContext {
  const sample = sampleNoticeContext(NOW)
  return {
    ...sample,
    receivables: Array.from({ length: count }, (_, i) => ({ ...sample.receivables[i % 3], id: `rcv_${i}`, number: `INV-${String(i).padStart(5, "0")}` })),
    ...overrides,
  }
}

const defaultTemplates = DEFAULT_STAGES.filter((s) => s.action === "send").map((s) => ({
  name: s.name,
  templates: { subject: s.subject_template ?? "", body_html: s.body_html_template ?? "", body_text: s.body_text_template },
}))

describe("html to text in one pass", () => {
  it("converts a megabyte of each input that used to cost time growing with its square, in a process that must end", () => {
    // run apart, so that a conversion that does not end is stopped (a test cannot interrupt synchronous
    // work): with work growing as the square of the input each of these takes many minutes, in one pass
    // milliseconds; the figures are in `npm run bench:templates`
    const script = `
const { htmlToText } = require(${JSON.stringify(path.join(__dirname, "..", "templates", "html-to-text"))})
const n = 1_000_000
const pre = htmlToText("<pre>" + " ".repeat(n) + "x</pre>")
const newlines = htmlToText("<p>a</p><pre>" + "\\n".repeat(n / 2) + "x" + "\\n".repeat(n / 2) + "</pre><p>b</p>")
const lists = htmlToText("<ul>".repeat(n / 8) + "<li>x")
const links = htmlToText("<a href='h'>x".repeat(n / 16) + "</a>".repeat(n / 16))
const tables = htmlToText("<table><tr><td>".repeat(n / 30) + "y".repeat(n / 2))
console.log(JSON.stringify([pre === " ".repeat(n) + "x", newlines, lists, links === "x (h)".repeat(n / 16), tables === "y".repeat(n / 2)]))
`
    const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "-e", script], {
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, "..", "..", "..", "..", "tsconfig.json") },
      encoding: "utf8",
      timeout: 60_000,
    })
    expect(run.stderr).toBe("")
    expect([run.status, JSON.parse(run.stdout || "null")]).toEqual([0, [true, "a\n\nx\n\nb", `${"  ".repeat(8)}- x`, true, true]])
  })

  it("tidies lines: trailing spaces and tabs go, at most one blank line in a row, none at either end", () => {
    expect(tidy("\n\n  a \t\n\n\n\nb\t\n \n c  \n\n")).toBe("  a\n\nb\n\n c")
    expect(tidy(`x${" ".repeat(100_000)}\n${" \t".repeat(100_000)}\ny`)).toBe("x\n\ny")
    expect(tidy("")).toBe("")
  })

  it("stops indenting lists nested deeper than a reader can follow", () => {
    const text = htmlToText(`${"<ul>".repeat(20_000)}<li>deep</li><li>also</li>`)
    expect(text).toBe(`${"  ".repeat(8)}- deep\n${"  ".repeat(8)}- also`)
  })

  it("ends an open link when the next one starts, as a browser does", () => {
    expect(htmlToText(`<a href="https://a.example">one <a href="https://b.example">two</a> three</a>`)).toBe(
      "one (https://a.example) two (https://b.example) three"
    )
    const nested = htmlToText(`${`<a href="https://x.example">x`.repeat(10_000)}${"</a>".repeat(10_000)}`)
    expect(nested).toBe(Array.from({ length: 10_000 }, () => "x (https://x.example)").join(""))
  })

  it("reads tables nested deeper than a mail layout needs as plain lines", () => {
    const text = htmlToText(`${"<table><tr><td>".repeat(20_000)}inner${"</td></tr></table>".repeat(20_000)}<p>after</p>`)
    expect(text).toBe("inner\n\nafter")
    expect(htmlToText(`<table><tr><td>${"<table><tr><td>a</td><td>b</td></tr></table>".repeat(3)}</td></tr></table>`)).toBe("a  b\n\na  b\n\na  b")
    // the ninth level no longer lines its cells up in columns
    const deep = (levels: number) => `${"<table><tr><td>".repeat(levels)}<table><tr><td>a</td><td>b</td></tr></table>`
    expect(htmlToText(deep(7))).toBe("a  b")
    expect(htmlToText(deep(8))).toBe("a b")
  })

  it("aligns a narrow data table in columns and lays out a wide one as blocks", () => {
    expect(htmlToText(`<table><tr><td>INV-1</td><td align="right">10</td></tr><tr><td>INV-22</td><td align="right">5</td></tr></table>`)).toBe(
      "INV-1   10\nINV-22   5"
    )
    // 50 spans of 50 columns would otherwise pad every row to thousands of spaces
    const wide = `<table><tr>${"<td>c</td>".repeat(100)}</tr>${`<tr><td colspan="50">x</td></tr>`.repeat(50)}</table>`
    const text = htmlToText(wide)
    expect(text.split("\n").every((line) => line.length <= 1)).toBe(true)
    expect(text.replace(/\s/g, "")).toBe(`${"c".repeat(100)}${"x".repeat(50)}`)
  })
})

describe("the values a notice carries are bounded", () => {
  it("cuts names and addresses, drops links that are too long, and keeps the rest", () => {
    const sample = sampleNoticeContext(NOW)
    const context = prepareContext({
      ...sample,
      store: { name: "S".repeat(5000), email: "e".repeat(300), phone: "1".repeat(100) },
      customer: { id: "cus_1", name: `${"n".repeat(199)}😀`, company: "Keller", email: "a@b.example" },
      pay_all_url: `https://pay.example.com/${"p".repeat(1000)}`,
      receivables: sample.receivables.map((r, i) => ({ ...r, number: "N".repeat(500), pay_url: i === 0 ? `https://pay.example.com/${"p".repeat(2000)}` : r.pay_url })),
    })
    expect(context.store).toEqual({ name: "S".repeat(CONTEXT_LIMITS.name), email: "e".repeat(CONTEXT_LIMITS.email), phone: "1".repeat(CONTEXT_LIMITS.phone) })
    // the emoji's two halves would straddle the cut: neither is kept
    expect(context.customer.name).toBe("n".repeat(199))
    expect(context.customer.company).toBe("Keller")
    expect(context.pay_all_url).toHaveLength(CONTEXT_LIMITS.link)
    expect(context.receivables.map((r) => r.number)).toEqual(Array(3).fill("N".repeat(CONTEXT_LIMITS.invoiceNumber)))
    expect(context.receivables.map((r) => r.pay_url)).toEqual([null, sample.receivables[1].pay_url, sample.receivables[2].pay_url])
  })

  it(`lists at most ${CONTEXT_LIMITS.listedReceivables} invoices and counts the others, totals still over all`, () => {
    const context = prepareContext(withInvoices(5000))
    expect(context.receivables).toHaveLength(CONTEXT_LIMITS.listedReceivables)
    expect(context.receivables[49].number).toBe("INV-00049")
    expect(context.receivables_not_listed).toBe(4950)
    expect(context.totals).toEqual(sampleNoticeContext(NOW).totals)
    // a caller that already left some out adds them; a short list leaves nothing out
    expect(prepareContext(withInvoices(60, { receivables_not_listed: 5 })).receivables_not_listed).toBe(15)
    expect(prepareContext(withInvoices(3)).receivables_not_listed).toBe(0)
    expect(prepareContext(withInvoices(3, { receivables_not_listed: -4 })).receivables_not_listed).toBe(0)
  })

  it("cuts long lists before a render worker sees them, counting the same way", () => {
    const long = withInvoices(5000, { totals: Array.from({ length: 30 }, (_, i) => ({ currency_code: `c${i}`, outstanding: "1", count: 1 })) })
    const listed = listedPart(long)
    expect(listed.receivables).toHaveLength(CONTEXT_LIMITS.listedReceivables)
    expect(listed.totals).toHaveLength(CONTEXT_LIMITS.totals)
    expect(prepareContext(listed)).toEqual(prepareContext(long))
    const short = withInvoices(3)
    expect(listedPart(short)).toBe(short)
  })

  it("builds the largest notice from the longest values the context keeps", () => {
    const largest = worstCaseNoticeContext(NOW)
    // nothing in it is cut: it is exactly as large as a prepared context can be
    expect(prepareContext(largest)).toEqual(largest)
    expect(largest.receivables).toHaveLength(CONTEXT_LIMITS.listedReceivables)
    expect(largest.totals).toHaveLength(CONTEXT_LIMITS.totals)
    const lengths = (values: Array<string | null | undefined>) => [...new Set(values.map((v) => v?.length))]
    const people = [largest.store, largest.customer, largest.rep!]
    expect(lengths([...people.map((p) => p.name), largest.customer.company, largest.stage.name])).toEqual([CONTEXT_LIMITS.name])
    expect(lengths(people.map((p) => p.email))).toEqual([CONTEXT_LIMITS.email])
    expect(lengths([largest.store.phone, largest.rep!.phone])).toEqual([CONTEXT_LIMITS.phone])
    expect(lengths(largest.receivables.map((r) => r.number))).toEqual([CONTEXT_LIMITS.invoiceNumber])
    expect(lengths([largest.customer.id, ...largest.receivables.map((r) => r.id)])).toEqual([CONTEXT_LIMITS.id])
    expect(lengths([largest.pay_all_url, ...largest.receivables.map((r) => r.pay_url)])).toEqual([CONTEXT_LIMITS.link])
    expect(largest.receivables_not_listed).toBeGreaterThan(0)
    // every documented value is there, none empty
    const empty = (shape: ValueShape, value: unknown, path: string): string[] =>
      shape.kind === "object"
        ? Object.entries(shape.fields).flatMap(([key, field]) => empty(field, (value as Record<string, unknown>)[key], `${path}.${key}`))
        : shape.kind === "list"
          ? (value as unknown[]).flatMap((item) => empty(shape.item, item, `${path}[]`))
          : value === null || value === "" ? [path] : []
    expect(empty(CONTEXT_SHAPE, largest, "")).toEqual([])
  })
})

describe("the invoice table says what it leaves out", () => {
  it("adds a line under the listed invoices, in the customer's language, in both parts", () => {
    const templates = { subject: "x", body_html: "{{> invoiceTable}}", body_text: "{{> invoiceTable}}" }
    const english = renderNotice(templates, withInvoices(1234))
    expect(english.html).toContain("<em>… and 1,184 more open invoices</em>")
    expect(english.html.match(/<tr>/g)).toHaveLength(1 + CONTEXT_LIMITS.listedReceivables + 1 + 2)
    expect(english.text).toMatch(/^INV-00049 .*\n {2}Pay now: \S+\n… and 1,184 more open invoices\n\nTotal EUR: /m)
    expect(plain(renderNotice({ subject: "x", body_html: "{{> invoiceTable}}" }, withInvoices(51, { locale: "de-DE" })).text)).toContain(
      "… und 1 weitere offene Rechnung\n"
    )
    const complete = renderNotice(templates, withInvoices(50))
    expect(complete.html).not.toContain("more open")
    expect(complete.text).not.toContain("more open")
  })

  it("documents the count as a variable", () => {
    expect(TEMPLATE_VARIABLES.find((v) => v.name === "receivables_not_listed")?.description).toContain(`at most ${CONTEXT_LIMITS.listedReceivables}`)
    const notice = renderNotice({ subject: "x", body_html: "{{#if receivables_not_listed}}+{{receivables_not_listed}}{{/if}}" }, withInvoices(80))
    expect(notice.html).toBe("+30")
  })
})

describe("templates are checked against the largest notice when saved", () => {
  it.each(defaultTemplates)("the default stage '$name' fits the limits for the largest notice", ({ templates }) => {
    expect(validateTemplates(templates)).toEqual([])
    const notice = renderNotice(templates, worstCaseNoticeContext(NOW))
    expect(plain(notice.text)).toContain("… und 99.950 weitere offene Rechnungen")
    const bytes = [notice.subject, notice.html, notice.text].reduce((sum, part) => sum + Buffer.byteLength(part), 0)
    expect(bytes).toBeLessThanOrEqual(TEMPLATE_LIMITS.outputBytes)
  })

  it("refuses a 64 KB template that repeats the customer's name in a loop, naming the limit", () => {
    const unit = "{{@root.customer.name}} "
    const body = `{{#each receivables}}${unit.repeat(Math.floor((TEMPLATE_LIMITS.templateBytes - 100) / unit.length))}{{/each}}`
    expect(validateTemplates({ subject: "x", body_html: body })).toEqual([
      expect.objectContaining({ field: "body_html", message: "For the largest notice (50 invoices, the longest names and links): the notice would be larger than 256 KB" }),
    ])
  })

  it("counts the text part derived from the HTML", () => {
    // about 155 KB of HTML for the largest notice, and as much again as text: only the two together are too large
    const templates = { subject: "x", body_html: "{{#each receivables}}<p>{{pay_url}} {{pay_url}} {{pay_url}}</p>{{/each}}" }
    const largest = worstCaseNoticeContext(NOW)
    const html = renderNotice({ ...templates, body_text: "-" }, largest).html
    expect(Buffer.byteLength(html)).toBeLessThan(TEMPLATE_LIMITS.outputBytes)
    expect(validateTemplates(templates)).toEqual([expect.objectContaining({ field: "body_html", message: expect.stringMatching(/^For the largest notice .* larger than 256 KB$/) })])
    // with a short text template of its own the same HTML fits
    expect(validateTemplates({ ...templates, body_text: "See the HTML part." })).toEqual([])
  })

  it("accepts the <pre> block of 64,000 spaces, which no longer costs more than its size", () => {
    const templates = { subject: "x", body_html: `<pre>${" ".repeat(64_000)}{{customer.name}}</pre>` }
    expect(validateTemplates(templates)).toEqual([])
    expect(renderNotice(templates, sampleNoticeContext(NOW)).text).toBe(`${" ".repeat(64_000)}Maria Keller`)
  })
})
