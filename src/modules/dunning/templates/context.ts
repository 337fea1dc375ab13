import { isValidTimeZone } from "../domain/calendar"
import { daysOverdue } from "../domain/schedule"

/**
 * The data a notice template sees. Plain JSON so that what an admin previews is exactly what a
 * customer receives: money as decimal strings (no float rounding on the way), instants as ISO strings
 * (the helpers put them into the store's timezone and the customer's language).
 */
export type NoticeTemplateContext = {
  /** ISO instant the notice is rendered at; "days overdue" counts up to this moment. */
  now: string
  /** BCP-47 language of the customer (e.g. "en", "de-DE"); "en" when unknown. */
  locale: string
  /** IANA zone of the store (e.g. "Europe/Berlin"); calendar dates are read in it. */
  timezone: string
  store: { name: string; email?: string | null; phone?: string | null }
  customer: { id: string; name: string; company: string | null; email: string | null }
  /**
   * The invoices the notice lists, at most {@link CONTEXT_LIMITS}.listedReceivables of them (the first ones
   * given, oldest due date first); the rest are counted in `receivables_not_listed`.
   */
  receivables: Array<{
    id: string
    number: string
    /** Lower-case ISO 4217 code as Medusa stores it, e.g. "eur". */
    currency_code: string
    amount: string
    amount_paid: string
    outstanding: string
    issued_at: string
    due_at: string
    days_overdue: number
    pay_url: string | null
  }>
  /**
   * Open invoices of the notice that are not in `receivables` because the list is capped (the totals
   * still count them). A caller that already left some out says how many; the cap adds its own.
   */
  receivables_not_listed?: number
  /** One entry per currency: amounts in different currencies are never added together. */
  totals: Array<{ currency_code: string; outstanding: string; count: number }>
  stage: { name: string; tone: string; position: number; offset_days: number }
  days_since_first_notice: number | null
  notices_sent: number
  rep: { name: string; email: string | null; phone?: string | null } | null
  pay_all_url: string | null
  /**
   * The customer's collection page (open invoices, pay, promise, dispute, statement), signed for this
   * customer when the notice is sent; null while the page is off.
   */
  collection_page_url: string | null
}

/**
 * What a template may read, as a tree the validator walks: a typo such as `customer.nmae` is reported
 * when the template is saved instead of failing the notice at delivery time. `nullable` marks values
 * that are empty for some customers; reading *through* one (`rep.name`) needs an `{{#if rep}}` first.
 */
export type ValueShape =
  | { kind: "value"; type: "string" | "number"; nullable?: boolean; description: string; maxLength?: number; link?: boolean }
  | { kind: "object"; fields: Record<string, ValueShape>; nullable?: boolean; description: string }
  | { kind: "list"; item: ValueShape; description: string; maxItems?: number }

/**
 * The longest value of each kind a notice carries, and how many invoices and currencies it lists. No
 * real name, address or link is longer; longer text could only inflate a notice many times over, and
 * these bounds make "the largest notice" a definite thing that templates are checked against when
 * saved (see {@link worstCaseNoticeContext}). Text is cut at its bound; a link is dropped instead,
 * since a cut link leads nowhere.
 */
export const CONTEXT_LIMITS = Object.freeze({
  /** People, companies, stores and stages. */
  name: 200,
  /** RFC 5321's limit on an address. */
  email: 254,
  phone: 64,
  /** As the receivables API accepts them. */
  invoiceNumber: 100,
  id: 100,
  /** Decimal strings such as "12400.50". */
  amount: 64,
  /** ISO 8601 instants. */
  instant: 40,
  /** Currency codes and tones. */
  code: 16,
  link: 1024,
  /** Invoices listed in one notice; the rest are counted in `receivables_not_listed`. */
  listedReceivables: 50,
  /** Currencies in the totals. */
  totals: 20,
})

const L = CONTEXT_LIMITS
const MAX_LOCALE_LENGTH = 64
const text = (description: string, maxLength: number, nullable = false): ValueShape => ({ kind: "value", type: "string", nullable, description, maxLength })
const link = (description: string): ValueShape => ({ kind: "value", type: "string", nullable: true, description, maxLength: L.link, link: true })
const num = (description: string, nullable = false): ValueShape => ({ kind: "value", type: "number", nullable, description })

/**
 * The shape of {@link NoticeTemplateContext}. Kept next to the type so that both change together;
 * a unit test compares it with the sample context key by key.
 */
export const CONTEXT_SHAPE: ValueShape = {
  kind: "object",
  description: "the notice",
  fields: {
    now: text("the moment the notice is rendered (ISO 8601); format it with {{date now}}", L.instant),
    locale: text("the customer's language, e.g. \"de-DE\"", MAX_LOCALE_LENGTH),
    timezone: text("the store's timezone, e.g. \"Europe/Berlin\"", MAX_LOCALE_LENGTH),
    store: {
      kind: "object",
      description: "the store sending the notice",
      fields: {
        name: text("the store's name", L.name),
        email: text("the store's contact e-mail, may be empty", L.email, true),
        phone: text("the store's phone number, may be empty", L.phone, true),
      },
    },
    customer: {
      kind: "object",
      description: "the business customer",
      fields: {
        id: text("the customer's id", L.id),
        name: text("the contact person's name", L.name),
        company: text("the company name, may be empty", L.name, true),
        email: text("the customer's e-mail, may be empty", L.email, true),
      },
    },
    receivables: {
      kind: "list",
      description: `the invoices the notice lists (at most ${L.listedReceivables}), oldest due date first`,
      maxItems: L.listedReceivables,
      item: {
        kind: "object",
        description: "one invoice",
        fields: {
          id: text("the receivable's id", L.id),
          number: text("the invoice number", L.invoiceNumber),
          currency_code: text("lower-case ISO currency code, e.g. \"eur\"", L.code),
          amount: text("invoice amount (decimal string)", L.amount),
          amount_paid: text("amount paid so far (decimal string)", L.amount),
          outstanding: text("amount still open (decimal string)", L.amount),
          issued_at: text("issue date (ISO 8601)", L.instant),
          due_at: text("due date (ISO 8601)", L.instant),
          days_overdue: num("calendar days past the due date (0 if not yet due)"),
          pay_url: link("link to pay this invoice online, may be empty"),
        },
      },
    },
    receivables_not_listed: num("open invoices of the notice left out of receivables because the list is capped"),
    totals: {
      kind: "list",
      description: "the outstanding total per currency",
      maxItems: L.totals,
      item: {
        kind: "object",
        description: "the total of one currency",
        fields: {
          currency_code: text("lower-case ISO currency code", L.code),
          outstanding: text("total outstanding in this currency (decimal string)", L.amount),
          count: num("number of invoices in this currency"),
        },
      },
    },
    stage: {
      kind: "object",
      description: "the dunning stage sending this notice",
      fields: {
        name: text("the stage's name", L.name),
        tone: text("friendly, neutral, firm or final", L.code),
        position: num("the stage's position in the policy (1 = first)"),
        offset_days: num("days from the due date the stage starts at"),
      },
    },
    days_since_first_notice: num("days since the first notice to this customer, empty for the first one", true),
    notices_sent: num("notices already sent about these invoices"),
    rep: {
      kind: "object",
      nullable: true,
      description: "the customer's account rep, may be empty",
      fields: {
        name: text("the rep's name", L.name),
        email: text("the rep's e-mail, may be empty", L.email, true),
        phone: text("the rep's phone number, may be empty", L.phone, true),
      },
    },
    pay_all_url: link("link to pay all open invoices online, may be empty"),
    collection_page_url: link("link to the customer's collection page, may be empty"),
  },
}

/** A locale Intl accepts, so the helpers never throw on a customer's odd language setting. */
export function safeLocale(locale: unknown): string {
  if (typeof locale !== "string" || !locale.trim() || locale.length > MAX_LOCALE_LENGTH) {
    return "en"
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.trim().replace(/_/g, "-"))
    // a syntactically valid tag may still be unsupported; Intl then falls back on its own
    return canonical ?? "en"
  } catch {
    return "en"
  }
}

/** A zone Intl accepts; an unknown one falls back to UTC rather than failing the notice. */
export function safeTimeZone(timeZone: unknown): string {
  return typeof timeZone === "string" && timeZone.length <= 64 && isValidTimeZone(timeZone) ? timeZone : "UTC"
}

/** Links are put into `href` attributes: anything but http(s) (e.g. `javascript:`) is dropped. */
function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\/[^\s"'<>`]+$/i.test(url.trim()) ? url.trim() : null
}

/** The first `max` UTF-16 units of `value`, without leaving half of a surrogate pair at the end. */
function cut(value: string, max: number): string {
  const code = value.charCodeAt(max - 1)
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

function normalise(shape: ValueShape, value: unknown): unknown {
  if (shape.kind === "value") {
    if (shape.type === "number") {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN
      return Number.isFinite(n) ? n : shape.nullable ? null : 0
    }
    if (typeof value === "string") {
      const max = shape.maxLength ?? L.name
      if (shape.link) {
        return value.trim().length > max ? null : value
      }
      return value.length > max ? cut(value, max) : value
    }
    if (typeof value === "number" || typeof value === "bigint") {
      return String(value)
    }
    return shape.nullable ? null : ""
  }
  if (shape.kind === "list") {
    // cut before copying: a list of thousands costs no more than the items kept
    return Array.isArray(value) ? value.slice(0, shape.maxItems ?? value.length).map((item) => normalise(shape.item, item)) : []
  }
  if (value === null || value === undefined || typeof value !== "object") {
    return shape.nullable ? null : normalise({ ...shape, nullable: false }, {})
  }
  const source = value as Record<string, unknown>
  const result: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(shape.fields)) {
    result[key] = normalise(field, Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined)
  }
  return result
}

/**
 * The context a template is rendered with: a fresh copy holding exactly the documented keys, every key
 * present (strict mode then fails only on template mistakes, never on a caller leaving out an optional
 * value), with a usable locale and timezone and only http(s) links. Nothing the caller passed in is
 * shared with the render, so a template cannot reach getters, class instances or prototypes.
 */
export function prepareContext(context: NoticeTemplateContext): NoticeTemplateContext {
  const prepared = normalise(CONTEXT_SHAPE, context) as NoticeTemplateContext
  const given = (context as { receivables?: unknown } | null)?.receivables
  const left = Array.isArray(given) ? given.length - prepared.receivables.length : 0
  const counted = Number(prepared.receivables_not_listed)
  prepared.receivables_not_listed = Math.min(1e9, Math.max(0, Number.isFinite(counted) ? Math.floor(counted) : 0) + left)
  prepared.locale = safeLocale(prepared.locale)
  prepared.timezone = safeTimeZone(prepared.timezone)
  prepared.pay_all_url = safeUrl(prepared.pay_all_url)
  prepared.collection_page_url = safeUrl(prepared.collection_page_url)
  for (const receivable of prepared.receivables) {
    receivable.pay_url = safeUrl(receivable.pay_url)
    receivable.currency_code = receivable.currency_code.toLowerCase()
  }
  for (const total of prepared.totals) {
    total.currency_code = total.currency_code.toLowerCase()
  }
  return prepared
}

/**
 * The context with its lists already cut to what a notice shows (the rest counted in
 * `receivables_not_listed`), without copying anything else: cheap enough for the calling thread before
 * the context is handed to a render worker, however many invoices the customer has.
 */
export function listedPart(context: NoticeTemplateContext): NoticeTemplateContext {
  const receivables = context?.receivables
  const totals = context?.totals
  const longList = Array.isArray(receivables) && receivables.length > CONTEXT_LIMITS.listedReceivables
  const manyTotals = Array.isArray(totals) && totals.length > CONTEXT_LIMITS.totals
  if (!longList && !manyTotals) {
    return context
  }
  const counted = Number(context.receivables_not_listed ?? 0)
  return {
    ...context,
    receivables: longList ? receivables.slice(0, CONTEXT_LIMITS.listedReceivables) : receivables,
    receivables_not_listed: (Number.isFinite(counted) ? counted : 0) + (longList ? receivables.length - CONTEXT_LIMITS.listedReceivables : 0),
    totals: manyTotals ? totals.slice(0, CONTEXT_LIMITS.totals) : totals,
  }
}

const DAY_MS = 86_400_000

/**
 * Realistic data for previews and for checking templates before they are saved: a wholesale customer
 * with three overdue invoices in two currencies (one partly paid), a rep and payment links.
 */
export function sampleNoticeContext(at: Date = new Date()): NoticeTemplateContext {
  const now = Number.isNaN(at.getTime()) ? new Date() : at
  const timezone = "Europe/Berlin"
  const shifted = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString()
  const invoice = (
    id: string,
    number: string,
    currency_code: string,
    amount: string,
    amount_paid: string,
    outstanding: string,
    issuedDaysAgo: number,
    dueDaysAgo: number
  ) => ({
    id,
    number,
    currency_code,
    amount,
    amount_paid,
    outstanding,
    issued_at: shifted(-issuedDaysAgo),
    due_at: shifted(-dueDaysAgo),
    days_overdue: daysOverdue(new Date(shifted(-dueDaysAgo)), now, timezone),
    pay_url: `https://pay.example.com/invoices/${id}`,
  })
  return {
    now: now.toISOString(),
    locale: "en",
    timezone,
    store: { name: "Northwind Supplies", email: "accounts@northwind.example", phone: "+49 30 1234567" },
    customer: { id: "cus_01SAMPLE", name: "Maria Keller", company: "Keller Gastronomie GmbH", email: "maria.keller@keller-gastro.example" },
    receivables: [
      invoice("rcv_01SAMPLE1", "INV-2026-0141", "eur", "1250.50", "0", "1250.50", 45, 15),
      invoice("rcv_01SAMPLE2", "INV-2026-0158", "eur", "3400.00", "1000.00", "2400.00", 38, 8),
      invoice("rcv_01SAMPLE3", "INV-2026-0163", "usd", "980.25", "0", "980.25", 33, 3),
    ],
    receivables_not_listed: 0,
    totals: [
      { currency_code: "eur", outstanding: "3650.50", count: 2 },
      { currency_code: "usd", outstanding: "980.25", count: 1 },
    ],
    stage: { name: "Notification of Overdue Invoices", tone: "firm", position: 3, offset_days: 5 },
    days_since_first_notice: 10,
    notices_sent: 2,
    rep: { name: "Jonas Weber", email: "jonas.weber@northwind.example", phone: "+49 30 1234568" },
    pay_all_url: "https://pay.example.com/customers/cus_01SAMPLE",
    collection_page_url: "https://shop.example.com/dunning/c/sample-link",
  }
}

/**
 * The sample with every optional value empty (no company, no rep, no links): a template that reads
 * `rep.name` without `{{#if rep}}` fails on this one at validation rather than at delivery.
 */
export function sparseNoticeContext(now: Date = new Date()): NoticeTemplateContext {
  const sample = sampleNoticeContext(now)
  return {
    ...sample,
    store: { name: sample.store.name, email: null, phone: null },
    customer: { ...sample.customer, company: null, email: null },
    receivables: sample.receivables.slice(0, 1).map((r) => ({ ...r, pay_url: null })),
    totals: [{ currency_code: "eur", outstanding: "1250.50", count: 1 }],
    days_since_first_notice: null,
    notices_sent: 0,
    rep: null,
    pay_all_url: null,
    collection_page_url: null,
  }
}

// text as customers write it: letters, spaces, umlauts (two bytes each in a mail) and the odd "&" to escape
const FILLER = "Keller & Söhne Großhandel für Gastronomiebedarf "
const CURRENCIES = ["eur", "usd", "gbp", "chf", "jpy", "sek", "nok", "dkk", "pln", "czk", "huf", "cad", "aud", "nzd", "sgd", "hkd", "bhd", "kwd", "jod", "omr"]
// the most digits a money helper formats: 30 before the point (see helpers.ts)
const LARGEST_AMOUNT = `${"9".repeat(28)}.99`

const longest = (start: string, length: number) => `${start} ${FILLER.repeat(Math.ceil(length / FILLER.length))}`.slice(0, length)
const longestId = (prefix: string) => `${prefix}${"0123456789ABCDEFGHJKMNPQRSTVWXYZ".repeat(4)}`.slice(0, CONTEXT_LIMITS.id)
const longestEmail = (local: string) => `${local}.${"a".repeat(64)}`.slice(0, 64) + `@${"mail.".repeat(50)}`.slice(0, CONTEXT_LIMITS.email - 64 - 8) + ".example"
const longestPhone = () => `+49 30 ${"1234 ".repeat(20)}`.slice(0, CONTEXT_LIMITS.phone)
const longestLink = (path: string) => {
  const start = `https://pay.example.com/${path}?customer=cus_01&token=`
  return `${start}${"AbCdEf0123456789".repeat(Math.ceil(CONTEXT_LIMITS.link / 16))}`.slice(0, CONTEXT_LIMITS.link)
}

/**
 * The largest notice the context allows, which templates are rendered with when they are saved (see
 * validateTemplates): the most invoices a notice lists, in as many currencies as the totals hold, every
 * optional value present and every text and link at its longest ({@link CONTEXT_LIMITS}), amounts with
 * the most digits, and many more invoices not listed. A template that fits the time and size limits
 * for this notice fits them for every customer whose text escapes no worse than it.
 */
export function worstCaseNoticeContext(at: Date = new Date()): NoticeTemplateContext {
  const sample = sampleNoticeContext(at)
  const now = new Date(sample.now).getTime()
  const day = (days: number) => new Date(now + days * DAY_MS).toISOString()
  const receivables = Array.from({ length: CONTEXT_LIMITS.listedReceivables }, (_, i) => {
    const id = longestId(`rcv_${i}_`)
    return {
      id,
      number: longest(`INV-${i}`, CONTEXT_LIMITS.invoiceNumber),
      currency_code: CURRENCIES[i % CURRENCIES.length],
      amount: LARGEST_AMOUNT,
      amount_paid: LARGEST_AMOUNT,
      outstanding: LARGEST_AMOUNT,
      issued_at: day(-3700),
      due_at: day(-3650),
      days_overdue: 3650,
      pay_url: longestLink(`invoices/${id}`),
    }
  })
  const person = (role: string) => ({ name: longest(role, CONTEXT_LIMITS.name), email: longestEmail(role.toLowerCase()), phone: longestPhone() })
  return {
    now: sample.now,
    locale: "de-DE",
    timezone: sample.timezone,
    store: person("Store"),
    customer: { id: longestId("cus_"), name: longest("Customer", CONTEXT_LIMITS.name), company: longest("Company", CONTEXT_LIMITS.name), email: longestEmail("customer") },
    receivables,
    receivables_not_listed: 99_950,
    totals: CURRENCIES.slice(0, CONTEXT_LIMITS.totals).map((currency_code) => ({ currency_code, outstanding: LARGEST_AMOUNT, count: 5_000 })),
    stage: { name: longest("Stage", CONTEXT_LIMITS.name), tone: "friendly", position: 20, offset_days: 365 },
    days_since_first_notice: 3650,
    notices_sent: 50,
    rep: person("Rep"),
    pay_all_url: longestLink("customers/cus_01"),
    collection_page_url: longestLink("dunning/c/"),
  }
}
