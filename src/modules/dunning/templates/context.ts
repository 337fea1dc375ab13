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
  /** One entry per currency: amounts in different currencies are never added together. */
  totals: Array<{ currency_code: string; outstanding: string; count: number }>
  stage: { name: string; tone: string; position: number; offset_days: number }
  days_since_first_notice: number | null
  notices_sent: number
  rep: { name: string; email: string | null; phone?: string | null } | null
  pay_all_url: string | null
}

/**
 * What a template may read, as a tree the validator walks: a typo such as `customer.nmae` is reported
 * when the template is saved instead of failing the notice at delivery time. `nullable` marks values
 * that are empty for some customers; reading *through* one (`rep.name`) needs an `{{#if rep}}` first.
 */
export type ValueShape =
  | { kind: "value"; type: "string" | "number"; nullable?: boolean; description: string }
  | { kind: "object"; fields: Record<string, ValueShape>; nullable?: boolean; description: string }
  | { kind: "list"; item: ValueShape; description: string }

const text = (description: string, nullable = false): ValueShape => ({ kind: "value", type: "string", nullable, description })
const num = (description: string, nullable = false): ValueShape => ({ kind: "value", type: "number", nullable, description })

/**
 * The shape of {@link NoticeTemplateContext}. Kept next to the type so that both change together;
 * a unit test compares it with the sample context key by key.
 */
export const CONTEXT_SHAPE: ValueShape = {
  kind: "object",
  description: "the notice",
  fields: {
    now: text("the moment the notice is rendered (ISO 8601); format it with {{date now}}"),
    locale: text("the customer's language, e.g. \"de-DE\""),
    timezone: text("the store's timezone, e.g. \"Europe/Berlin\""),
    store: {
      kind: "object",
      description: "the store sending the notice",
      fields: {
        name: text("the store's name"),
        email: text("the store's contact e-mail, may be empty", true),
        phone: text("the store's phone number, may be empty", true),
      },
    },
    customer: {
      kind: "object",
      description: "the business customer",
      fields: {
        id: text("the customer's id"),
        name: text("the contact person's name"),
        company: text("the company name, may be empty", true),
        email: text("the customer's e-mail, may be empty", true),
      },
    },
    receivables: {
      kind: "list",
      description: "every open invoice of the customer, oldest due date first",
      item: {
        kind: "object",
        description: "one invoice",
        fields: {
          id: text("the receivable's id"),
          number: text("the invoice number"),
          currency_code: text("lower-case ISO currency code, e.g. \"eur\""),
          amount: text("invoice amount (decimal string)"),
          amount_paid: text("amount paid so far (decimal string)"),
          outstanding: text("amount still open (decimal string)"),
          issued_at: text("issue date (ISO 8601)"),
          due_at: text("due date (ISO 8601)"),
          days_overdue: num("calendar days past the due date (0 if not yet due)"),
          pay_url: text("link to pay this invoice online, may be empty", true),
        },
      },
    },
    totals: {
      kind: "list",
      description: "the outstanding total per currency",
      item: {
        kind: "object",
        description: "the total of one currency",
        fields: {
          currency_code: text("lower-case ISO currency code"),
          outstanding: text("total outstanding in this currency (decimal string)"),
          count: num("number of invoices in this currency"),
        },
      },
    },
    stage: {
      kind: "object",
      description: "the dunning stage sending this notice",
      fields: {
        name: text("the stage's name"),
        tone: text("friendly, neutral, firm or final"),
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
        name: text("the rep's name"),
        email: text("the rep's e-mail, may be empty", true),
        phone: text("the rep's phone number, may be empty", true),
      },
    },
    pay_all_url: text("link to pay all open invoices online, may be empty", true),
  },
}

const MAX_LOCALE_LENGTH = 64
// no real name, number or link is this long; longer text could only inflate a notice many times over
const MAX_TEXT_LENGTH = 4096

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

function normalise(shape: ValueShape, value: unknown): unknown {
  if (shape.kind === "value") {
    if (shape.type === "number") {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN
      return Number.isFinite(n) ? n : shape.nullable ? null : 0
    }
    if (typeof value === "string") {
      return value.length > MAX_TEXT_LENGTH ? value.slice(0, MAX_TEXT_LENGTH) : value
    }
    if (typeof value === "number" || typeof value === "bigint") {
      return String(value)
    }
    return shape.nullable ? null : ""
  }
  if (shape.kind === "list") {
    return Array.isArray(value) ? value.map((item) => normalise(shape.item, item)) : []
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
  prepared.locale = safeLocale(prepared.locale)
  prepared.timezone = safeTimeZone(prepared.timezone)
  prepared.pay_all_url = safeUrl(prepared.pay_all_url)
  for (const receivable of prepared.receivables) {
    receivable.pay_url = safeUrl(receivable.pay_url)
    receivable.currency_code = receivable.currency_code.toLowerCase()
  }
  for (const total of prepared.totals) {
    total.currency_code = total.currency_code.toLowerCase()
  }
  return prepared
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
    totals: [
      { currency_code: "eur", outstanding: "3650.50", count: 2 },
      { currency_code: "usd", outstanding: "980.25", count: 1 },
    ],
    stage: { name: "Notification of Overdue Invoices", tone: "firm", position: 3, offset_days: 5 },
    days_since_first_notice: 10,
    notices_sent: 2,
    rep: { name: "Jonas Weber", email: "jonas.weber@northwind.example", phone: "+49 30 1234568" },
    pay_all_url: "https://pay.example.com/customers/cus_01SAMPLE",
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
  }
}
