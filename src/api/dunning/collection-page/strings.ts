import {
  countedText,
  fillText,
  SHIPPED_LANGUAGES,
  shippedLanguageOf,
  shippedTextOf,
  type ShippedLanguage,
} from "../../../modules/dunning/templates/shipped-text"

/**
 * What the collection page says, in every language the plugin ships: the texts are the `collection_page`
 * part of the module's locale files (`src/modules/dunning/templates/locales/`), the one source the page
 * and the notices share. The page speaks the customer's language as the notices do (the collection
 * profile's, else that of the last notice sent), falling back from "de-AT" to "de", then to the store's
 * default language, then to English. Values put into these texts are escaped by the page, never here.
 */
export type PageStrings = {
  lang: string
  title: string
  heading: (who: string) => string
  youOwe: string
  nothingOpen: string
  columns: { invoice: string; issued: string; due: string; overdue: string; outstanding: string; status: string; actions: string }
  overdue: (days: number | null) => string
  status: { promised: (date: string) => string; disputed: string; heldUntil: (date: string) => string; held: string; open: string }
  pay: string
  payAll: string
  dispute: string
  statement: string
  statementPdf: string
  statementPeriod: { heading: string; from: string; to: string; hint: (days: number) => string; submit: string }
  invoicePdf: string
  moreNotShown: (count: number) => string
  promise: { heading: string; date: string; dateHint: (first: string, last: string) => string; amount: string; currency: string; note: string; submit: string }
  disputeForm: { heading: (invoice: string) => string; reason: string; reasonHint: string; submit: string }
  payForm: { heading: string; invoices: string; with: string; submit: string; system: string }
  done: { promise: (date: string) => string; dispute: (invoice: string) => string; paid: string; pending: string }
  back: string
  contact: (rep: string | null) => string
  errors: { link: { title: string; body: string }; form: string; tooMany: (seconds: number) => string; problem: string; check: string }
}

function pageStringsOf(lang: ShippedLanguage): PageStrings {
  const t = shippedTextOf(lang).collection_page
  return {
    lang,
    title: t.title,
    heading: (who) => fillText(t.heading, { who }),
    youOwe: t.you_owe,
    nothingOpen: t.nothing_open,
    columns: t.columns,
    overdue: (days) =>
      days === null
        ? t.awaiting_shipment
        : days > 0
          ? countedText(t.days_overdue, days, lang)
          : days === 0
            ? t.due_today
            : countedText(t.due_in, -days, lang),
    status: {
      promised: (date) => fillText(t.status.promised, { date }),
      disputed: t.status.disputed,
      heldUntil: (date) => fillText(t.status.held_until, { date }),
      held: t.status.held,
      open: t.status.open,
    },
    pay: t.pay,
    payAll: t.pay_all,
    dispute: t.dispute,
    statement: t.statement,
    statementPdf: t.statement_pdf,
    statementPeriod: { ...t.statement_period, hint: (days) => fillText(t.statement_period.hint, { days }) },
    invoicePdf: t.invoice_pdf,
    moreNotShown: (count) => countedText(t.more_not_shown, count, lang),
    promise: { ...t.promise, dateHint: (first, last) => fillText(t.promise.date_hint, { first, last }) },
    disputeForm: {
      heading: (invoice) => fillText(t.dispute_form.heading, { invoice }),
      reason: t.dispute_form.reason,
      reasonHint: t.dispute_form.reason_hint,
      submit: t.dispute_form.submit,
    },
    payForm: t.pay_form,
    done: {
      promise: (date) => fillText(t.done.promise, { date }),
      dispute: (invoice) => fillText(t.done.dispute, { invoice }),
      paid: t.done.paid,
      pending: t.done.pending,
    },
    back: t.back,
    contact: (rep) => (rep ? fillText(t.contact_rep, { rep }) : t.contact),
    errors: {
      link: { title: t.errors.link_title, body: t.errors.link_body },
      form: t.errors.form,
      tooMany: (seconds) => countedText(t.errors.too_many, seconds, lang),
      problem: t.errors.problem,
      check: t.errors.check,
    },
  }
}

// built once: the page asks for them on every request
const PAGES = new Map<ShippedLanguage, PageStrings>(SHIPPED_LANGUAGES.map((l) => [l, pageStringsOf(l)]))

/**
 * The page's texts for a BCP 47 language ("de-AT" → German); the store's default language when the
 * plugin ships none for it, then English.
 */
export function stringsFor(language: string | null | undefined, storeDefault?: string | null): PageStrings {
  return PAGES.get(shippedLanguageOf(language) ?? shippedLanguageOf(storeDefault) ?? "en")!
}

/** The first language of an Accept-Language header the page speaks (for pages shown before the customer is known). */
export function acceptedLanguage(header: string | undefined): string | null {
  for (const part of (header ?? "").slice(0, 200).split(",")) {
    const speaks = shippedLanguageOf(part.split(";")[0])
    if (speaks) {
      return speaks
    }
  }
  return null
}
