import { promiseWindow } from "../../../modules/dunning/domain/customer-answer"
import { utcDate } from "../../../modules/dunning/analytics/periods"
import { STATEMENT_MAX_DAYS, statementPeriod } from "../../admin/dunning/document-builders"
import { fillUrlTemplate } from "../../../workflows/dunning/notice-content"
import { pageDate, pageMoney } from "./formats"
import type { PageContext } from "./guard"
import { escape, html, Safe } from "./html"
import type { PageInvoice, PageView } from "./load"
import type { PageStrings } from "./strings"

/**
 * The collection page's screens: the invoices with their actions and the promise form, the dispute form,
 * the payment form, and the confirmations. Plain HTML that works without JavaScript: every form posts to
 * the page and carries the page's form token; every field has a label; tables have headers (and read as
 * one block per invoice on a narrow screen).
 */
const day = (value: Date | string | null, s: PageStrings) => pageDate(value, s.lang)
const money = (amount: string, currency: string, s: PageStrings) => pageMoney(amount, currency, s.lang)

/** Whether the page can take a payment for an invoice through Medusa: the store lists providers and the invoice is an order's. */
export const payableHere = (invoice: Pick<PageInvoice, "order_id">, view: Pick<PageView, "settings">) =>
  !!invoice.order_id && view.settings.payment_providers.length > 0

function statusOf(invoice: PageInvoice, s: PageStrings): string {
  if (invoice.hold === "promise") {
    return s.status.promised(day(invoice.hold_until ? new Date(new Date(invoice.hold_until).getTime() - 2 * 86_400_000) : null, s))
  }
  if (invoice.hold === "dispute") {
    return s.status.disputed
  }
  if (invoice.hold) {
    return invoice.hold_until ? s.status.heldUntil(day(invoice.hold_until, s)) : s.status.held
  }
  return s.status.open
}

function payLink(invoice: PageInvoice, view: PageView, page: PageContext): string {
  const label = escape(`${page.strings.pay} ${invoice.number}`)
  if (payableHere(invoice, view)) {
    return `<a href="${escape(`${page.base}/pay?receivable=${encodeURIComponent(invoice.id)}`)}" aria-label="${label}">${escape(page.strings.pay)}</a>`
  }
  const url = fillUrlTemplate(view.payment_url_template, { "receivable.id": invoice.id, "receivable.number": invoice.number, "customer.id": page.customer_id })
  return url ? `<a href="${escape(url)}" rel="noreferrer noopener" aria-label="${label}">${escape(page.strings.pay)}</a>` : ""
}

/** One invoice's row; written as plain text with every value escaped, since a page has hundreds of them. */
function invoiceRow(invoice: PageInvoice, view: PageView, page: PageContext, labels: Record<string, string>): string {
  const s = page.strings
  const pay = payLink(invoice, view, page)
  const dispute =
    invoice.hold === "dispute"
      ? ""
      : `<a href="${escape(`${page.base}/dispute?receivable=${encodeURIComponent(invoice.id)}`)}" aria-label="${escape(`${s.dispute} ${invoice.number}`)}">${escape(s.dispute)}</a>`
  const pdf = `<a href="${escape(`${page.base}/invoice.pdf?receivable=${encodeURIComponent(invoice.id)}`)}" download aria-label="${escape(`${s.invoicePdf} ${invoice.number}`)}">${escape(s.invoicePdf)}</a>`
  const actions = [pay, dispute, pdf].filter(Boolean).join(" · ")
  const late = (invoice.days_overdue ?? 0) > 0 ? ' class="late"' : ""
  return (
    `<tr><td${labels.invoice}>${escape(invoice.number)}</td><td${labels.issued}>${escape(day(invoice.issued_at, s))}</td>` +
    `<td${labels.due}>${escape(day(invoice.due_at, s))}</td><td${labels.overdue}${late}>${escape(s.overdue(invoice.days_overdue))}</td>` +
    `<td class="n"${labels.outstanding}>${escape(money(invoice.outstanding, invoice.currency_code, s))}</td>` +
    `<td${labels.status}>${escape(statusOf(invoice, s))}</td><td${labels.actions}>${actions}</td></tr>`
  )
}

function invoiceTable(view: PageView, page: PageContext): Safe {
  const c = page.strings.columns
  // the column's name on each cell, which a narrow screen shows before its value
  const labels = Object.fromEntries(Object.entries(c).map(([key, name]) => [key, ` data-label="${escape(name)}"`]))
  return html`<table><caption class="hint">${page.strings.title}</caption><thead><tr><th scope="col">${c.invoice}</th><th scope="col">${c.issued}</th><th scope="col">${c.due}</th><th scope="col">${c.overdue}</th><th scope="col" class="n">${c.outstanding}</th><th scope="col">${c.status}</th><th scope="col">${c.actions}</th></tr></thead><tbody>${new Safe(view.invoices.map((i) => invoiceRow(i, view, page, labels)).join(""))}</tbody></table>`
}

function promiseForm(view: PageView, page: PageContext, formToken: string): Safe {
  const s = page.strings
  const window = promiseWindow(page.now, view.settings.promise_max_days)
  const currencies = view.totals.map((t) => t.currency_code)
  return html`<h2 id="promise">${s.promise.heading}</h2><form method="post" action="${page.base}/promise"><input type="hidden" name="form_token" value="${formToken}">
<label for="promised_date">${s.promise.date}</label><input type="date" id="promised_date" name="promised_date" required min="${window.first_date}" max="${window.last_date}" aria-describedby="promise-hint">
<p id="promise-hint" class="hint">${s.promise.dateHint(day(window.first_date, s), day(window.last_date, s))}</p>
<label for="promised_amount">${s.promise.amount}</label><input id="promised_amount" name="promised_amount" inputmode="decimal" autocomplete="off" size="12">
<label for="promised_currency_code">${s.promise.currency}</label><select id="promised_currency_code" name="promised_currency_code">${currencies.map((code) => html`<option value="${code}">${code.toUpperCase()}</option>`)}</select>
<label for="note">${s.promise.note}</label><textarea id="note" name="note" rows="3" cols="40" maxlength="1000"></textarea>
<div><button type="submit">${s.promise.submit}</button></div></form>`
}

/**
 * The statement of another period: a plain GET form to the PDF, preset to the period the link downloads
 * (the last 90 days up to today, UTC), bounded as the download checks it (at most a year, not after today).
 */
function statementPeriodForm(page: PageContext): Safe {
  const s = page.strings.statementPeriod
  const period = statementPeriod(page.now)
  const today = utcDate(period.to)
  return html`<form method="get" action="${page.base}/statement.pdf"><fieldset><legend>${s.heading}</legend>
<label for="statement_from">${s.from}</label><input type="date" id="statement_from" name="from" value="${utcDate(period.from)}" max="${today}" required aria-describedby="statement-hint">
<label for="statement_to">${s.to}</label><input type="date" id="statement_to" name="to" value="${today}" max="${today}" required>
<p id="statement-hint" class="hint">${s.hint(STATEMENT_MAX_DAYS)}</p><div><button type="submit">${s.submit}</button></div></fieldset></form>`
}

export function invoicesPage(view: PageView, page: PageContext, formToken: string): { title: string; body: Safe } {
  const s = page.strings
  const owed = view.totals.map((t) => html`<strong>${money(t.outstanding, t.currency_code, s)}</strong>`)
  const anyPayable = view.invoices.some((i) => payableHere(i, view))
  const payAllUrl = anyPayable ? `${page.base}/pay?receivable=all` : fillUrlTemplate(view.pay_all_url_template, { "customer.id": page.customer_id })
  const more = view.open_count - view.invoices.length
  const body = html`<p class="hint">${view.store_name}</p><h1>${s.heading(view.who)}</h1>${
    view.invoices.length
      ? html`<p>${s.youOwe}: ${owed.map((o, i) => html`${i ? " · " : ""}${o}`)}</p>${invoiceTable(view, page)}${more > 0 ? html`<p class="hint">${s.moreNotShown(more)}</p>` : ""}
<p>${payAllUrl ? html`<a href="${payAllUrl}"${anyPayable ? "" : html` rel="noreferrer noopener"`}>${s.payAll}</a> · ` : ""}<a href="${page.base}/statement.pdf" download>${s.statementPdf}</a> · <a href="${page.base}/statement">${s.statement}</a></p>${statementPeriodForm(page)}${promiseForm(view, page, formToken)}`
      : html`<p class="note" role="status">${s.nothingOpen}</p>`
  }<p class="hint">${s.contact(view.rep)}</p>`
  return { title: `${s.title} – ${view.store_name}`, body }
}

export function disputePage(invoice: PageInvoice, page: PageContext, formToken: string): { title: string; body: Safe } {
  const s = page.strings
  const title = s.disputeForm.heading(invoice.number)
  const body = html`<h1>${title}</h1><p>${day(invoice.due_at, s)} · ${money(invoice.outstanding, invoice.currency_code, s)} · ${s.overdue(invoice.days_overdue)}</p>
<form method="post" action="${page.base}/dispute"><input type="hidden" name="form_token" value="${formToken}"><input type="hidden" name="receivable_id" value="${invoice.id}">
<label for="reason">${s.disputeForm.reason}</label><textarea id="reason" name="reason" rows="6" cols="50" required maxlength="1000" aria-describedby="reason-hint"></textarea>
<p id="reason-hint" class="hint">${s.disputeForm.reasonHint}</p><div><button type="submit">${s.disputeForm.submit}</button></div></form><p><a href="${page.base}">${s.back}</a></p>`
  return { title, body }
}

/** A provider's name as a customer reads it. */
function providerLabel(id: string, s: PageStrings): string {
  return id.startsWith("pp_system") ? s.payForm.system : id.replace(/^pp_/, "").replace(/_/g, " ")
}

export function payPage(invoices: PageInvoice[], target: string, providers: string[], page: PageContext, formToken: string): { title: string; body: Safe } {
  const s = page.strings
  const choice =
    providers.length === 1
      ? html`<input type="hidden" name="provider_id" value="${providers[0]}"><p>${s.payForm.with}: ${providerLabel(providers[0], s)}</p>`
      : html`<fieldset><legend>${s.payForm.with}</legend>${providers.map(
          (p, i) => html`<div><input type="radio" id="provider-${i}" name="provider_id" value="${p}"${i === 0 ? " checked" : ""}><label for="provider-${i}">${providerLabel(p, s)}</label></div>`
        )}</fieldset>`
  const body = html`<h1>${s.payForm.heading}</h1><table><caption class="hint">${s.payForm.invoices}</caption><thead><tr><th scope="col">${s.columns.invoice}</th><th scope="col" class="n">${s.columns.outstanding}</th></tr></thead><tbody>${invoices.map(
    (i) => html`<tr><td data-label="${s.columns.invoice}">${i.number}</td><td class="n" data-label="${s.columns.outstanding}">${money(i.outstanding, i.currency_code, s)}</td></tr>`
  )}</tbody></table>
<form method="post" action="${page.base}/pay"><input type="hidden" name="form_token" value="${formToken}"><input type="hidden" name="receivable" value="${target}">${choice}<div><button type="submit">${s.payForm.submit}</button></div></form><p><a href="${page.base}">${s.back}</a></p>`
  return { title: s.payForm.heading, body }
}

/** A confirmation, with the way back to the invoices. */
export function donePage(message: string, page: PageContext): { title: string; body: Safe } {
  return { title: page.strings.title, body: html`<h1>${page.strings.title}</h1><p class="note" role="status">${message}</p><p><a href="${page.base}">${page.strings.back}</a></p>` }
}
