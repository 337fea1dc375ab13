import Handlebars from "handlebars"
import { DEFAULT_STAGES } from "../domain/policy"
import {
  htmlToText,
  renderNotice,
  sampleNoticeContext,
  TEMPLATE_LIMITS,
  TEMPLATE_VARIABLES,
  TemplateRenderError,
  validateTemplates,
  type NoticeTemplateContext,
  type NoticeTemplates,
  type TemplateProblem,
} from "../templates"
import { CONTEXT_SHAPE, type ValueShape } from "../templates/context"

const NOW = "2026-03-20T10:00:00.000Z"

// Intl separates amount and symbol with a no-break space; the assertions read better with plain ones
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, " ")

function context(overrides: Partial<NoticeTemplateContext> = {}): NoticeTemplateContext {
  return {
    now: NOW,
    locale: "en",
    timezone: "Europe/Berlin",
    store: { name: "Northwind Supplies", email: "accounts@northwind.example", phone: null },
    customer: { id: "cus_1", name: "Maria Keller", company: "Keller Gastronomie GmbH", email: "maria@keller.example" },
    receivables: [
      {
        id: "rcv_1",
        number: "INV-1001",
        currency_code: "eur",
        amount: "1250.5",
        amount_paid: "0",
        outstanding: "1250.5",
        issued_at: "2026-02-01T09:00:00.000Z",
        // 23:30 UTC on 1 March is 2 March in Berlin
        due_at: "2026-03-01T23:30:00.000Z",
        days_overdue: 18,
        pay_url: "https://pay.example.com/rcv_1?a=1&b=2",
      },
      {
        id: "rcv_2",
        number: "INV-1002",
        currency_code: "eur",
        amount: "3400.00",
        amount_paid: "1000.00",
        outstanding: "2400.00",
        issued_at: "2026-02-08T09:00:00.000Z",
        due_at: "2026-03-08T09:00:00.000Z",
        days_overdue: 12,
        pay_url: null,
      },
      {
        id: "rcv_3",
        number: "INV-1003",
        currency_code: "usd",
        amount: "980.25",
        amount_paid: "0",
        outstanding: "980.25",
        issued_at: "2026-02-10T09:00:00.000Z",
        due_at: "2026-03-10T12:00:00.000Z",
        days_overdue: 10,
        pay_url: "https://pay.example.com/rcv_3",
      },
    ],
    totals: [
      { currency_code: "eur", outstanding: "3650.50", count: 2 },
      { currency_code: "usd", outstanding: "980.25", count: 1 },
    ],
    stage: { name: "Notification of Overdue Invoices", tone: "firm", position: 3, offset_days: 5 },
    days_since_first_notice: 10,
    notices_sent: 2,
    rep: { name: "Jonas Weber", email: "jonas@northwind.example", phone: null },
    pay_all_url: "https://pay.example.com/all",
    ...overrides,
  }
}

const TOTALS = "{{#each totals}}{{money outstanding currency_code}}{{#unless @last}} + {{/unless}}{{/each}}"

const REALISTIC: NoticeTemplates = {
  subject: `Overdue invoices{{#if customer.company}} – {{customer.company}}{{/if}}: ${TOTALS}`,
  body_html: `<p>Dear {{customer.name}},</p>
<p>The following invoices{{#if customer.company}} for {{customer.company}}{{/if}} are overdue; in total <strong>${TOTALS}</strong>.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Pay all open invoices</a></p>{{/if}}
<p>Kind regards,<br>{{#if rep}}{{rep.name}}<br>{{/if}}{{store.name}}</p>`,
}

/** Runs `fn`, expecting a TemplateRenderError, and returns it. */
function renderError(fn: () => unknown): TemplateRenderError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateRenderError)
    return error as TemplateRenderError
  }
  throw new Error("expected the render to fail")
}

const messages = (problems: TemplateProblem[]) => problems.map((p) => `${p.field}:${p.line}: ${p.message}`)

describe("notice templates: rendering", () => {
  it("renders a realistic notice in English with money, dates in the store timezone and days overdue", () => {
    const notice = renderNotice(REALISTIC, context())
    expect(plain(notice.subject)).toBe("Overdue invoices – Keller Gastronomie GmbH: €3,650.50 + $980.25")

    const html = plain(notice.html)
    expect(html).toContain("<p>Dear Maria Keller,</p>")
    expect(html).toContain("<table")
    for (const number of ["INV-1001", "INV-1002", "INV-1003"]) {
      expect(html).toContain(`>${number}</td>`)
    }
    expect(html).toContain(">€1,250.50</td>")
    expect(html).toContain(">$980.25</td>")
    expect(html).toContain(">Mar 2, 2026</td>")
    expect(html).not.toContain("Mar 1, 2026")
    expect(html).toMatch(/>18<\/td>/)
    expect(html).toContain("Total EUR")
    expect(html).toContain("€3,650.50")
    // handlebars also escapes "=", which a mail client reads back as "="
    expect(html).toContain(`<a href="https://pay.example.com/rcv_1?a&#x3D;1&amp;b&#x3D;2">Pay now</a>`)
    expect(html).toContain(`<a href="https://pay.example.com/all">Pay all open invoices</a>`)
    expect(html).toContain("Jonas Weber<br>Northwind Supplies")
  })

  it("formats money and dates for the customer's language", () => {
    const html = plain(renderNotice(REALISTIC, context({ locale: "de-DE" })).html)
    expect(html).toContain(">1.250,50 €</td>")
    expect(html).toContain(">980,25 $</td>")
    expect(html).toContain(">02.03.2026</td>")
    expect(html).toContain(">Rechnung</th>")
    expect(plain(renderNotice(REALISTIC, context({ locale: "de-DE" })).subject)).toContain("3.650,50 € + 980,25 $")
  })

  it("reads dates on the store's calendar, not UTC's", () => {
    const templates = { subject: "x", body_html: "{{#each receivables}}{{date due_at}}|{{daysOverdue due_at}};{{/each}}" }
    expect(renderNotice(templates, context()).html).toMatch(/^Mar 2, 2026\|18;/)
    expect(renderNotice(templates, context({ timezone: "UTC" })).html).toMatch(/^Mar 1, 2026\|19;/)
    expect(renderNotice({ subject: "x", body_html: `{{date now format="long"}} {{date now format="short"}}` }, context()).html).toBe("March 20, 2026 3/20/26")
  })

  it("formats money exactly, with the currency's own decimals, and never fails on bad amounts", () => {
    const html = renderNotice(
      {
        subject: "x",
        body_html: `{{money "12345678901234567.89" "eur"}}|{{money "1250.5" "jpy"}}|{{money "1.2345" "bhd"}}|{{money "abc" "eur"}}|{{money "12" "nope"}}|{{money "12" "xqq"}}|{{money null "eur"}}`,
      },
      context()
    ).html
    expect(plain(html)).toBe("€12,345,678,901,234,567.89|¥1,251|BHD 1.235|abc|12|12 XQQ|")
  })

  it("derives the text part from the HTML when there is no text template", () => {
    const notice = renderNotice(REALISTIC, context())
    const text = plain(notice.text)
    expect(text).not.toMatch(/<[a-z/]/i)
    expect(text).toContain("Dear Maria Keller,")
    expect(text).toContain("The following invoices for Keller Gastronomie GmbH are overdue; in total €3,650.50 + $980.25.")
    // one table row per line
    expect(text).toMatch(/^INV-1001 +Feb 1, 2026 +Mar 2, 2026 +18 +€1,250.50 +Pay now \(https:\/\/pay\.example\.com\/rcv_1\?a=1&b=2\)$/m)
    expect(text).toMatch(/^INV-1002 +Feb 8, 2026 +Mar 8, 2026 +12 +€2,400.00$/m)
    expect(text).toMatch(/^Total USD +\$980\.25$/m)
    expect(text).toContain("Pay all open invoices (https://pay.example.com/all)")
    expect(text).toContain("Kind regards,\nJonas Weber\nNorthwind Supplies")
  })

  it("uses the text template as written, without HTML escaping, and its own plain-text table", () => {
    const notice = renderNotice(
      { ...REALISTIC, body_text: "Dear {{customer.name}} of {{customer.company}},\n\n{{> invoiceTable}}\nBest regards" },
      context({ customer: { id: "c", name: "Ann <Lee>", company: "A & B \"Tools\"", email: null } })
    )
    expect(notice.text.startsWith(`Dear Ann <Lee> of A & B "Tools",\n\n`)).toBe(true)
    const text = plain(notice.text)
    expect(text).toMatch(/^Invoice +Issued +Due +Days overdue +Outstanding$/m)
    expect(text).toMatch(/^INV-1003 +Feb 10, 2026 +Mar 10, 2026 +10 +\$980\.25$/m)
    expect(text).toContain("  Pay now: https://pay.example.com/rcv_3")
    expect(text).toContain("Total EUR: €3,650.50")
    // the table ends its last line, so text after a standalone {{> invoiceTable}} starts a new one
    expect(text).toMatch(/Total USD: \$980\.25\nBest regards$/)
    expect(notice.html).toContain("A &amp; B &quot;Tools&quot;")
  })

  it("escapes hostile customer data in the HTML body, the invoice table included", () => {
    const hostile = "<script>alert(1)</script> & Co"
    const ctx = context({ customer: { id: "c", name: `"><img src=x onerror=alert(1)>`, company: hostile, email: null } })
    ctx.receivables[0].number = "<b>INV</b>"
    ctx.receivables[2].pay_url = "javascript:alert(1)"
    ctx.receivables[1].pay_url = `https://pay.example.com/x" onclick="alert(1)`
    const html = renderNotice(REALISTIC, ctx).html
    expect(html).not.toContain("<script>")
    expect(html).not.toContain("<img")
    expect(html).not.toContain("<b>INV")
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
    expect(html).toContain("&lt;b&gt;INV&lt;/b&gt;")
    expect(html).toContain("Dear &quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;,")
    expect(html).not.toContain("javascript:")
    expect(html).not.toContain("onclick")
  })

  it("keeps the subject on one line: line breaks and control characters become spaces", () => {
    const company = "Evil GmbH\r\nBcc: victim@example.com\u0000\u2028\u2029X-Header: 1\u0007"
    const notice = renderNotice({ subject: "Overdue\n {{customer.company}}\t!\n", body_html: "x" }, context({ customer: { id: "c", name: "n", company, email: null } }))
    expect(notice.subject).toBe("Overdue Evil GmbH Bcc: victim@example.com X-Header: 1 !")
    expect(notice.subject).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/)

    const long = renderNotice({ subject: "{{customer.company}}".repeat(6), body_html: "x" }, context({ customer: { id: "c", name: "n", company: "é".repeat(200), email: null } }))
    expect(Array.from(long.subject)).toHaveLength(998)
  })

  it("refuses a subject that renders empty", () => {
    const error = renderError(() => renderNotice({ subject: "{{customer.company}}", body_html: "x" }, context({ customer: { id: "c", name: "n", company: null, email: null } })))
    expect(error.field).toBe("subject")
    expect(validateTemplates({ subject: "{{#if customer.company}}{{customer.company}}{{/if}}", body_html: "x" })).toEqual([
      expect.objectContaining({ field: "subject", message: expect.stringMatching(/subject comes out empty/) }),
    ])
  })

  it("renders each notice in an environment of its own", () => {
    renderNotice(REALISTIC, context())
    expect(Handlebars.helpers.money).toBeUndefined()
    expect(Handlebars.partials.invoiceTable).toBeUndefined()
    expect(typeof Handlebars.helpers.lookup).toBe("function")
  })

  it("renders the default policy's stages with the sample notice", () => {
    for (const stage of DEFAULT_STAGES.filter((s) => s.action === "send")) {
      const templates = { subject: stage.subject_template ?? "", body_html: stage.body_html_template ?? "", body_text: stage.body_text_template }
      expect(validateTemplates(templates)).toEqual([])
      const notice = renderNotice(templates, sampleNoticeContext(new Date(NOW)))
      expect(notice.html).toContain("INV-2026-0141")
      expect(notice.text).toContain("INV-2026-0163")
    }
  })
})

describe("notice templates: unsafe constructs", () => {
  const LEAD = "Hello\n\n"
  const cases: Array<[string, string, RegExp]> = [
    ["triple-stash", "{{{customer.name}}}", /Unescaped output/],
    ["ampersand mustache", "{{& customer.name}}", /Unescaped output/],
    ["dynamic partial", `{{> (lookup . "invoiceTable")}}`, /Dynamic partials/],
    ["another partial", "{{> header}}", /Unknown partial 'header'/],
    ["partial block", "{{#> invoiceTable}}fallback{{/invoiceTable}}", /Partial blocks/],
    ["partial with a context", "{{> invoiceTable customer}}", /takes no arguments/],
    ["decorator", "{{* inline}}", /Decorators/],
    ["inline partial", `{{#*inline "header"}}x{{/inline}}`, /Decorators/],
    ["lookup", `{{lookup customer "name"}}`, /'lookup' is not available/],
    ["lookup in a subexpression", `{{#with (lookup this "customer")}}{{name}}{{/with}}`, /'lookup' is not available/],
    ["log", `{{log "hello"}}`, /'log' is not available/],
    ["helperMissing", "{{helperMissing customer}}", /'helperMissing' is not available/],
    ["blockHelperMissing", "{{#blockHelperMissing customer}}x{{/blockHelperMissing}}", /'blockHelperMissing' is not available/],
    ["unknown helper", "{{format customer.name}}", /Unknown helper 'format'/],
    ["unknown block helper", "{{#repeat receivables}}x{{/repeat}}", /Unknown block/],
    ["raw block", "{{{{raw}}}}{{customer.name}}{{{{/raw}}}}", /Unknown block/],
    ["mustache-style section", "{{#receivables}}{{number}}{{/receivables}}", /Unknown block/],
    ["__proto__", "{{__proto__}}", /'__proto__' is not allowed/],
    ["this.__proto__", "{{this.__proto__.polluted}}", /'__proto__' is not allowed/],
    ["bracketed __proto__", "{{customer.[__proto__]}}", /'__proto__' is not allowed/],
    ["literal constructor", `{{"constructor"}}`, /'constructor' is not allowed/],
    ["constructor call", `{{constructor.constructor "return process"}}`, /'constructor' is not allowed/],
    ["prototype", "{{#with customer.prototype}}x{{/with}}", /'prototype' is not allowed/],
    ["__defineGetter__", "{{customer.__defineGetter__}}", /'__defineGetter__' is not allowed/],
    ["__lookupSetter__", "{{#if __lookupSetter__}}x{{/if}}", /'__lookupSetter__' is not allowed/],
    ["hasOwnProperty", "{{customer.hasOwnProperty}}", /'hasOwnProperty' is not allowed/],
    ["valueOf", "{{money customer.valueOf stage.name}}", /'valueOf' is not allowed/],
    ["toString", "{{customer.name.toString}}", /'toString' is not allowed/],
    ["hash key", `{{date now __proto__="x"}}`, /'__proto__' is not allowed/],
    ["each nested three deep", "{{#each receivables}}{{#each ../totals}}{{#each @root.receivables}}x{{/each}}{{/each}}{{/each}}", /nested more than 2 deep/],
  ]

  it.each(cases)("refuses %s with its line", (_name, payload, message) => {
    const problems = validateTemplates({ subject: "Notice", body_html: `${LEAD}${payload}` })
    expect(problems.length).toBeGreaterThan(0)
    expect(problems).toContainEqual(expect.objectContaining({ field: "body_html", line: 3, message: expect.stringMatching(message) }))
    expect(problems.every((p) => p.hint.length > 0)).toBe(true)

    const error = renderError(() => renderNotice({ subject: "Notice", body_html: `${LEAD}${payload}` }, context()))
    expect(error.field).toBe("body_html")
    expect(error.line).toBe(3)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("reports the column and the field", () => {
    expect(validateTemplates({ subject: "Hi {{{customer.name}}}", body_html: "x" })).toEqual([
      { field: "subject", line: 1, column: 4, message: expect.stringMatching(/Unescaped/), hint: expect.any(String) },
    ])
    expect(messages(validateTemplates({ subject: "x", body_html: "x", body_text: "a\n{{{customer.name}}}" }))).toEqual([
      "body_text:2: Unescaped output ({{{…}}} or {{& …}}) is not allowed",
    ])
  })

  it("refuses the invoice table in the subject and inside a loop", () => {
    expect(messages(validateTemplates({ subject: "{{> invoiceTable}}", body_html: "{{#each totals}}{{> invoiceTable}}{{/each}}" }))).toEqual([
      "subject:1: {{> invoiceTable}} cannot be used in the subject",
      "body_html:1: {{> invoiceTable}} cannot be used inside {{#each}}",
    ])
  })

  const exploits: Array<[string, string]> = [
    [
      "CVE-2019-19919 (constructor through a string block param)",
      `{{#with "s" as |string|}}
  {{#with "e"}}
    {{#with split as |conslist|}}
      {{this.pop}}
      {{this.push (lookup string.sub "constructor")}}
      {{this.pop}}
      {{#with string.split as |codelist|}}
        {{this.pop}}
        {{this.push "return JSON.stringify(process.env);"}}
        {{this.pop}}
        {{#each conslist}}
          {{#with (string.sub.apply 0 codelist)}}
            {{this}}
          {{/with}}
        {{/each}}
      {{/with}}
    {{/with}}
  {{/with}}
{{/with}}`,
    ],
    [
      "CVE-2019-19919 (constructor path)",
      `{{#with "s" as |string|}}{{#with string.constructor}}{{#with (bind this "return process")}}{{this}}{{/with}}{{/with}}{{/with}}`,
    ],
    [
      "CVE-2021-23369 (lookup to reach the prototype)",
      `{{#with (lookup this "__proto__") as |proto|}}{{#with (lookup proto "constructor")}}{{this "return process"}}{{/with}}{{/with}}`,
    ],
    ["prototype pollution through __proto__", `{{#with this.__proto__ as |p|}}{{p.polluted}}{{/with}}`],
    ["__defineGetter__ through a helper call", `{{__defineGetter__ "polluted" customer.name}}`],
    ["constructor call", `{{constructor.constructor "return process"}}`],
    ["dynamic partial", `{{> (concat "invoice" "Table")}}`],
    ["raw output", `{{{customer.name}}}`],
  ]

  it.each(exploits)("refuses the %s payload and leaves Object.prototype alone", (_name, payload) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort()
    const problems = validateTemplates({ subject: "x", body_html: payload })
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.field === "body_html" && typeof p.line === "number")).toBe(true)

    for (const templates of [
      { subject: "x", body_html: payload },
      { subject: payload, body_html: "x" },
      { subject: "x", body_html: "x", body_text: payload },
    ]) {
      renderError(() => renderNotice(templates, context()))
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before)
  })

  it("reports the CVE-2019-19919 payload at the lines that reach for the constructor", () => {
    const problems = validateTemplates({ subject: "x", body_html: exploits[0][1] })
    expect(problems).toContainEqual(expect.objectContaining({ line: 3, message: "Unknown variable 'split'" }))
    expect(problems).toContainEqual(expect.objectContaining({ line: 5, message: "Unknown helper 'this.push'" }))
    expect(problems).toContainEqual(expect.objectContaining({ line: 5, message: "'lookup' is not available in notice templates" }))
  })

  it("reports syntax errors with their line", () => {
    expect(validateTemplates({ subject: "x", body_html: "<p>\nDear\n{{customer.name}\n</p>" })).toEqual([
      expect.objectContaining({ field: "body_html", line: 3, column: null, message: expect.stringMatching(/^Syntax error/), hint: expect.stringMatching(/closed/) }),
    ])
    expect(validateTemplates({ subject: "x", body_html: "a\n{{#if rep}}\nb\n{{/each}}" })).toEqual([
      expect.objectContaining({ field: "body_html", line: 2, message: "{{#if}} is closed by {{/each}}" }),
    ])
    expect(renderError(() => renderNotice({ subject: "{{#if x}}", body_html: "x" }, context())).field).toBe("subject")
  })
})

describe("notice templates: variables", () => {
  it("reports an unknown variable statically, with the line and close names", () => {
    const problems = validateTemplates({ subject: "x", body_html: "<p>Dear\n{{customer.nmae}}</p>" })
    expect(problems).toEqual([
      { field: "body_html", line: 2, column: 1, message: "Unknown variable 'customer.nmae'", hint: expect.stringContaining("Did you mean 'customer.name'?") },
    ])
    expect(messages(validateTemplates({ subject: "{{stor.name}}", body_html: "x" }))).toEqual(["subject:1: Unknown variable 'stor.name'"])
  })

  it("resolves variables inside loops against the item, and points at @root for the rest", () => {
    const [inLoop] = validateTemplates({ subject: "x", body_html: "{{#each receivables}}\n{{nmber}}{{/each}}" })
    expect(inLoop).toMatchObject({ line: 2, message: "Unknown variable 'nmber'", hint: expect.stringContaining("'number'") })
    const [topLevel] = validateTemplates({ subject: "x", body_html: "{{#each receivables}}{{customer.name}}{{/each}}" })
    expect(topLevel).toMatchObject({ message: "Unknown variable 'customer.name'", hint: expect.stringContaining("@root.customer") })
    expect(validateTemplates({ subject: "x", body_html: "{{#each totals}}{{count}} {{../customer.name}} {{@root.store.name}} {{@index}}{{/each}}" })).toEqual([])
    expect(messages(validateTemplates({ subject: "x", body_html: "{{@index}} {{receivables.number}} {{customer.name.first}} {{customer}}" }))).toEqual([
      "body_html:1: '@index' only works inside {{#each}}",
      "body_html:1: Unknown variable 'receivables.number'",
      "body_html:1: Unknown variable 'customer.name.first'",
      "body_html:1: 'customer' is a group of values, not a single value",
    ])
  })

  it("accepts loops over receivables and totals", () => {
    expect(
      validateTemplates({
        subject: "{{#each totals}}{{money outstanding currency_code}}{{/each}}",
        body_html: "{{#each receivables}}{{number}}{{/each}}",
        body_text: "{{#each receivables as |invoice i|}}{{i}} {{invoice.number}} {{date invoice.due_at}}{{/each}}",
      })
    ).toEqual([])
  })

  it("requires {{#if}} before reading through a value that can be empty", () => {
    expect(messages(validateTemplates({ subject: "x", body_html: "{{rep.name}}" }))).toEqual([
      "body_html:1: 'rep' can be empty, so 'rep.name' needs {{#if rep}} around it",
    ])
    expect(validateTemplates({ subject: "x", body_html: "{{#if rep}}{{rep.name}}{{/if}}{{#with rep}}{{name}}{{/with}}{{#unless rep}}-{{else}}{{rep.email}}{{/unless}}" })).toEqual([])
    expect(validateTemplates({ subject: "x", body_html: "{{#each receivables}}{{#if @root.rep}}{{../rep.name}}{{/if}}{{/each}}" })).toEqual([])
  })

  it("checks helper arguments and options", () => {
    expect(messages(validateTemplates({ subject: "x", body_html: `{{money stage.name}} {{date now format="huge"}} {{money customer "eur"}} {{#if}}x{{/if}}` }))).toEqual([
      "body_html:1: 'money' takes 2 values, got 1",
      "body_html:1: Unknown date format 'huge'",
      "body_html:1: 'money' needs a single value, but 'customer' is a group of values",
      "body_html:1: {{#if}} needs exactly one value, got 0",
    ])
  })

  it("turns strict-mode misses at render time into a TemplateRenderError with the line", () => {
    // an index past the end of the list cannot be known without data
    const templates = { subject: "x", body_html: "a\n{{receivables.5.number}}" }
    expect(validateTemplates(templates)).toEqual([expect.objectContaining({ line: 2, message: "Unknown variable 'number'" })])
    const error = renderError(() => renderNotice(templates, context()))
    expect(error).toMatchObject({ field: "body_html", line: 2, message: expect.stringContaining("Unknown variable 'number'") })
  })

  it("documents every variable with an example that works on the sample notice", () => {
    for (const v of TEMPLATE_VARIABLES) {
      expect([v.name, validateTemplates({ subject: "{{store.name}}", body_html: `<p>${v.example}</p>` })]).toEqual([v.name, []])
    }
    const body = TEMPLATE_VARIABLES.map((v) => `<p>${v.example}</p>`).join("\n")
    const templates = { subject: "{{store.name}}", body_html: body, body_text: TEMPLATE_VARIABLES.filter((v) => v.name !== "invoiceTable").map((v) => v.example).join("\n") }
    const notice = renderNotice(templates, sampleNoticeContext(new Date(NOW)))
    expect(notice.html).toContain("Keller Gastronomie GmbH")
    expect(notice.html).toContain("INV-2026-0158")

    const documented = new Set(TEMPLATE_VARIABLES.map((v) => v.name))
    const leaves = (shape: ValueShape, prefix: string): string[] =>
      shape.kind === "object"
        ? Object.entries(shape.fields).flatMap(([key, field]) => leaves(field, prefix ? `${prefix}.${key}` : key))
        : shape.kind === "list"
          ? leaves(shape.item, `${prefix}[]`)
          : [prefix]
    expect(leaves(CONTEXT_SHAPE, "").filter((name) => !documented.has(name))).toEqual([])
    for (const helper of ["money", "date", "daysOverdue", "invoiceTable"]) {
      expect(documented.has(helper)).toBe(true)
    }
  })

  it("builds a sample notice that matches the documented shape", () => {
    const sample = sampleNoticeContext(new Date(NOW))
    const keys = (shape: ValueShape, value: unknown): void => {
      if (shape.kind === "object") {
        expect(Object.keys(value as object).sort()).toEqual(Object.keys(shape.fields).sort())
        for (const [key, field] of Object.entries(shape.fields)) {
          keys(field, (value as Record<string, unknown>)[key])
        }
      } else if (shape.kind === "list") {
        for (const item of value as unknown[]) {
          keys(shape.item, item)
        }
      } else {
        expect(typeof value).toBe(shape.type)
      }
    }
    keys(CONTEXT_SHAPE, sample)
    expect(sample.receivables).toHaveLength(3)
    expect(new Set(sample.receivables.map((r) => r.currency_code))).toEqual(new Set(["eur", "usd"]))
    expect(sample.receivables.every((r) => r.days_overdue > 0)).toBe(true)
    expect(sample.totals).toEqual([
      { currency_code: "eur", outstanding: "3650.50", count: 2 },
      { currency_code: "usd", outstanding: "980.25", count: 1 },
    ])
  })
})

describe("notice templates: limits", () => {
  it("refuses a template larger than 64 KB", () => {
    const big = `<p>${"x".repeat(70 * 1024)}</p>`
    expect(validateTemplates({ subject: "x", body_html: big })).toEqual([
      { field: "body_html", line: null, column: null, message: `The template is ${big.length} bytes; at most 65536 bytes (64 KB) are allowed`, hint: expect.any(String) },
    ])
    expect(renderError(() => renderNotice({ subject: "x", body_html: big }, context())).field).toBe("body_html")
  })

  it("refuses a notice whose output is too large", () => {
    const ctx = context()
    ctx.receivables = Array.from({ length: 50 }, (_, i) => ({ ...ctx.receivables[0], id: `r${i}`, number: `${"N".repeat(90)}${i}` }))
    const templates = { subject: "x", body_html: "{{#each receivables}}{{#each @root.receivables}}<p>{{number}}</p>{{/each}}{{/each}}" }
    const error = renderError(() => renderNotice(templates, ctx))
    expect(error.message).toMatch(new RegExp(`larger than ${TEMPLATE_LIMITS.outputBytes / 1024} KB`))
    // eight ready tables are refused as well: the size is counted over the whole notice
    const tables = renderError(() => renderNotice({ subject: "x", body_html: "{{> invoiceTable}}".repeat(8) }, ctx))
    expect(tables).toMatchObject({ field: "body_html", message: expect.stringMatching(/larger than 256 KB/) })
  })

  it("stops a render that runs too long", () => {
    const ctx = context()
    ctx.receivables = Array.from({ length: 50 }, (_, i) => ({ ...ctx.receivables[1], id: `r${i}`, number: `INV-${i}` }))
    const loop = "{{#each receivables}}{{#each ../receivables}}{{daysOverdue due_at}}{{/each}}{{/each}}"
    const templates = { subject: "x", body_html: loop.repeat(500) }
    const error = renderError(() => renderNotice(templates, ctx))
    expect(error).toMatchObject({ field: "body_html", message: expect.stringMatching(new RegExp(`longer than ${TEMPLATE_LIMITS.renderMs} ms`)) })
  })

  it("falls back instead of failing on a bad locale or timezone", () => {
    const notice = renderNotice(REALISTIC, context({ locale: "not a locale!", timezone: "Mars/Olympus" }))
    expect(plain(notice.html)).toContain("€1,250.50")
    // UTC calendar
    expect(notice.html).toContain("Mar 1, 2026")
  })
})

describe("html to text", () => {
  it("keeps paragraphs, lists and links readable", () => {
    const text = htmlToText(
      `<html><head><title>t</title><style>p{color:red}</style></head><body><h1>Hello &amp; welcome</h1><p>Line one<br>line   two</p>` +
        `<ul><li>first</li><li>second</li></ul><p><a href="https://x.example/a?b=1&amp;c=2">Pay</a> or <a href="mailto:a@b.example">a@b.example</a></p><script>alert(1)</script></body></html>`
    )
    expect(text).toBe("Hello & welcome\n\nLine one\nline two\n\n- first\n- second\n\nPay (https://x.example/a?b=1&c=2) or a@b.example")
  })

  it("reads broken markup as a browser would: an unterminated tag swallows the rest", () => {
    expect(htmlToText(`before <a "${"<a \"".repeat(50_000)}`)).toBe("before")
    expect(htmlToText("<".repeat(200_000))).toBe("<".repeat(200_000))
    expect(htmlToText(`<p>kept</p><p title='${"x".repeat(200_000)}`)).toBe("kept")
    expect(htmlToText("a < b && c > d")).toBe("a < b && c > d")
  })
})
