// The host app reads this when it boots: delivery gives up after three attempts.
process.env.DUNNING_DELIVERY_MAX_ATTEMPTS = "3"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { apiRoutes } from "../../scripts/check/routes"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { RISK_LEASE } from "../../src/jobs/dunning-risk"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(240_000)

/**
 * Every admin route, found in the file tree, receives malformed queries and bodies: each answer is a 4xx
 * whose message names the field at fault, nothing in the dunning tables or the notification table changes,
 * and the server still answers a good request afterwards. A route without an entry in the corpus fails
 * the test, so a new route cannot be forgotten.
 */
function adminRoutes(): string[] {
  return apiRoutes()
    .filter(([, url]) => url.startsWith("/admin/"))
    .map(([method, url]) => `${method} ${url}`)
    .sort()
}

/** One malformed request: a query string, fields set over the route's valid body, or a body of its own. */
type Bad = {
  query?: string
  set?: Record<string, unknown>
  body?: unknown
  raw?: Buffer | string
  type?: string
  /** The field the answer must name. */
  field: string
  /** What the answer must also say, where the field alone could be named for another reason. */
  says?: RegExp
  status?: number
}
type RouteCorpus = { url: string; base?: Record<string, unknown>; cases: Bad[] }

const NOW = "2026-06-15T12:00:00.000Z"
const STAGE = { name: "Reminder", offset_days: 5, subject_template: "Overdue invoices", body_html_template: "<p>Please pay</p>" }
const huge = (n: number) => "x".repeat(n)
const nested = (levels: number, leaf: string) => `${'{"a":'.repeat(levels)}${leaf}${"}".repeat(levels)}`

/** What every query of every route must refuse. */
const QUERY_CASES: Bad[] = [
  { query: "colour=red", field: "colour" },
  { query: "with_deleted=true", field: "with_deleted" },
  { query: "limit=-1", field: "limit" },
  { query: "limit=1000000", field: "limit" },
  { query: "limit=2.5", field: "limit" },
  { query: "offset=-1", field: "offset" },
  { query: "limit[$gt]=1", field: "limit" },
]

/** What every body of every route must refuse, around the route's valid body. */
const bodyCases = (base: Record<string, unknown>): Bad[] => {
  const json = JSON.stringify(base).slice(1, -1)
  const withBase = (extra: string) => `{${json}${json ? "," : ""}${extra}}`
  return [
    { set: { colour: "red" }, field: "colour" },
    // free-form metadata is where a key beyond a bounded search would otherwise get through
    { raw: withBase(`"metadata":${nested(40, '{"__proto__":{"polluted":true}}')}`), field: "metadata", says: /nested too deeply/ },
    { raw: withBase('"__proto__":{"polluted":true}'), field: "__proto__", says: /not accepted/ },
    { raw: withBase('"metadata":{"constructor":{"prototype":{"polluted":true}}}'), field: "metadata.constructor", says: /not accepted/ },
    { raw: Buffer.concat([Buffer.from(withBase('"metadata":{"note":"')), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')]), field: "metadata.note", says: /UTF-8/ },
    { raw: withBase('"metadata":{"note":"nul\\u0000byte"}'), field: "metadata.note", says: /UTF-8/ },
    { raw: "[]", field: "body" },
    { raw: "just text", type: "text/plain", field: "body" },
    { set: { colour: huge(50_000) }, field: "colour" },
  ]
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    const ids: Record<string, string> = {}
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    beforeAll(async () => {
      const container = getContainer()
      // the scheduled jobs act at the wall clock: keep them from writing while the tables are compared
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE, RISK_LEASE]) {
        await dunning().acquireLease({ name, holder: "bad-input-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
      admin = await createAdminSession(container)
      const { customer, groupId } = await createBusinessCustomer(container, { email: "ap@northwind.test", company_name: "Northwind", group: { name: "Distributors" } })
      ids.customer = customer.id
      ids.group = groupId!
      const today = new Date()
      const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
      const receivable = await api.post(
        "/admin/dunning/receivables",
        { customer_id: customer.id, number: "INV-1", external_ref: "INV-1", currency_code: "eur", amount: "1250.00", issued_at: day(-1), due_at: day(60) },
        admin
      )
      ids.receivable = receivable.data.receivable.id
      const policies = await api.get("/admin/dunning/policies", admin)
      ids.stage = policies.data.policies[0].stages[0].id
      const policy = await api.post("/admin/dunning/policies", { name: "Distributors", customer_group_ids: [groupId], stages: [STAGE] }, admin)
      ids.policy = policy.data.policy.id
      const event = await api.post(`/admin/customers/${customer.id}/collection-events`, { type: "note", note: "Asked for the invoice copy", follow_up: true }, admin)
      ids.event = event.data.collection_event.id
    })

    const corpus = (): Record<string, RouteCorpus> => {
      const invoice = { customer_id: ids.customer, number: "BAD-1", external_ref: "BAD-1", currency_code: "eur", amount: "100.00", issued_at: "2026-06-01", due_at: "2026-07-01" }
      const amounts = (field: string): Bad[] => [
        { set: { [field]: 1e21 }, field },
        { set: { [field]: "1e21" }, field },
        { set: { [field]: "1.0000000000000000000e+21" }, field },
        { set: { [field]: "10000000000000.01" }, field },
        { set: { [field]: "0.0000000001" }, field },
        { set: { [field]: -5 }, field },
        { set: { [field]: "NaN" }, field },
        { set: { [field]: true }, field },
        { set: { [field]: { $gt: 0 } }, field },
        { set: { [field]: huge(10_000) }, field },
      ]
      const listQueries = (extra: Bad[] = []): Bad[] => [{ query: "order=raw_amount", field: "order" }, { query: `fields=${huge(3000)}`, field: "fields" }, ...extra]
      return {
        "GET /admin/dunning/receivables": {
          url: "/admin/dunning/receivables",
          cases: listQueries([
            { query: "customer_id[$ne]=x", field: "customer_id" },
            { query: "status=settled", field: "status" },
            { query: "status=open,settled", field: "status" },
            { query: "customer_id=", field: "customer_id" },
            { query: "due_from=0000-01-01", field: "due_from" },
            { query: "due_to=9999-12-31", field: "due_to" },
            { query: "due_from=2026-12-01&due_to=2026-01-01", field: "due_to" },
            { query: "now=yesterday", field: "now" },
            { query: `q=${huge(200)}`, field: "q" },
            { query: "overdue=maybe", field: "overdue" },
            { query: "q=%00", field: "q" },
          ]),
        },
        "POST /admin/dunning/receivables": {
          url: "/admin/dunning/receivables",
          base: { ...invoice, now: NOW },
          cases: [
            ...amounts("amount"),
            { set: { amount: "100.004" }, field: "amount" },
            { set: { currency_code: "jpy", amount: "1500.5" }, field: "amount" },
            { set: { currency_code: "kwd", amount: "12.3456" }, field: "amount" },
            { set: { amount_paid: "0.001" }, field: "amount_paid" },
            { set: { currency_code: "eru" }, field: "currency_code" },
            { set: { number: 1001 }, field: "number" },
            { set: { number: huge(20_000) }, field: "number" },
            { set: { customer_id: { $ne: "" } }, field: "customer_id" },
            { set: { issued_at: "0000-01-01" }, field: "issued_at" },
            { set: { issued_at: "9999-12-31" }, field: "issued_at" },
            { set: { issued_at: "2016-06-14" }, field: "issued_at" },
            { set: { issued_at: "2027-07-01", due_at: "2027-08-01" }, field: "issued_at" },
            { set: { due_at: "2040-01-01" }, field: "due_at" },
            { set: { due_at: "2026-05-01" }, field: "due_at" },
            { set: { due_at: "2026-02-30" }, field: "due_at" },
            { set: { now: "9999-12-31T00:00:00Z" }, field: "now" },
            { set: { metadata: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])) }, field: "metadata" },
            { set: { metadata: { document_url: "file:///etc/passwd" } }, field: "metadata.document_url" },
            { set: { metadata: { document_url: "https://user:secret@erp.example/1.pdf" } }, field: "metadata.document_url" },
            { set: { metadata: { document_file_id: "../../etc/passwd x" } }, field: "metadata.document_file_id" },
            { query: `fields=${huge(3000)}`, field: "fields" },
            { raw: `{"customer_id":"${ids.customer}","number":"${huge(200_000)}"}`, field: "body", status: 413 },
          ],
        },
        "POST /admin/dunning/receivables/batch": {
          url: "/admin/dunning/receivables/batch",
          base: { receivables: [invoice], now: NOW },
          cases: [
            ...[1e21, "1e21", "100.004", "0.0000000001", -1, "abc"].map((amount) => ({ set: { receivables: [{ ...invoice, amount }] }, field: "amount" })),
            { set: { receivables: [{ ...invoice, issued_at: "0000-01-01" }] }, field: "issued_at" },
            { set: { receivables: [{ ...invoice, due_at: "2040-01-01" }] }, field: "due_at" },
            { set: { receivables: [{ ...invoice, colour: "red" }] }, field: "colour" },
            { set: { receivables: [{ ...invoice, external_ref: { $gt: "" } }] }, field: "external_ref" },
            { set: { receivables: "all of them" }, field: "receivables" },
            { set: { receivables: [] }, field: "receivables" },
            { set: { receivables: Array.from({ length: 1001 }, (_, i) => ({ ...invoice, external_ref: `R-${i}` })) }, field: "receivables" },
            { set: { now: "0000-01-01" }, field: "now" },
          ],
        },
        "GET /admin/dunning/receivables/:id": { url: `/admin/dunning/receivables/${ids.receivable}`, cases: [{ query: `fields=${huge(3000)}`, field: "fields" }] },
        "POST /admin/dunning/receivables/:id": {
          url: `/admin/dunning/receivables/${ids.receivable}`,
          base: { number: "INV-1-A", now: NOW },
          cases: [
            ...amounts("amount"),
            { set: { amount: "100.004" }, field: "amount" },
            { set: { issued_at: "0000-01-01" }, field: "issued_at" },
            { set: { issued_at: "2001-01-01" }, field: "issued_at" },
            { set: { due_at: "2999-01-01" }, field: "due_at" },
            { set: { status: "paid" }, field: "status" },
            { set: { number: ["INV"] }, field: "number" },
            { set: { status_reason: huge(1000) }, field: "status_reason" },
          ],
        },
        "POST /admin/dunning/receivables/:id/payments": {
          url: `/admin/dunning/receivables/${ids.receivable}/payments`,
          base: { amount: "10.00", external_ref: "PAY-1", paid_at: "2026-06-01", now: NOW },
          cases: [
            ...amounts("amount"),
            { set: { amount: "10.001" }, field: "amount" },
            { set: { amount: 0 }, field: "amount" },
            { set: { amount: "1.5", currency_code: "jpy" }, field: "amount" },
            { set: { paid_at: "2026-06-16" }, field: "paid_at" },
            { set: { paid_at: "9999-12-31" }, field: "paid_at" },
            { set: { paid_at: "2016-01-01" }, field: "paid_at" },
            { set: { external_ref: { $gt: "" } }, field: "external_ref" },
            { set: { note: huge(5000) }, field: "note" },
          ],
        },
        "GET /admin/dunning/receivables/:id/document": {
          url: `/admin/dunning/receivables/${ids.receivable}/document`,
          cases: [
            { query: "fields=id", field: "fields" },
            { query: "now=2026-06-15", field: "now" },
          ],
        },
        "GET /admin/orders/:id/dunning-receivable": { url: "/admin/orders/order_unknown/dunning-receivable", cases: [{ query: "fields=id", field: "fields" }] },
        "POST /admin/orders/:id/dunning-receivable": {
          url: "/admin/orders/order_unknown/dunning-receivable",
          base: {},
          cases: [
            { set: { now: "yesterday" }, field: "now" },
            { set: { terms_days: 10 }, field: "terms_days" },
            { set: { order_id: { $ne: null } }, field: "order_id" },
          ],
        },
        "GET /admin/dunning/profiles/:customer_id": { url: `/admin/dunning/profiles/${ids.customer}`, cases: [] },
        "POST /admin/dunning/profiles/:customer_id": {
          url: `/admin/dunning/profiles/${ids.customer}`,
          base: { notes: "Pays on the 15th" },
          cases: [
            { set: { terms_days: "30" }, field: "terms_days" },
            { set: { terms_days: -1 }, field: "terms_days" },
            { set: { terms_days: 1e21 }, field: "terms_days" },
            { set: { terms_start: "invoice" }, field: "terms_start" },
            { set: { billing_emails: ["ap@x.test\r\nBcc: all@evil.test"] }, field: "billing_emails" },
            { set: { notes: huge(6000) }, field: "notes" },
            { set: { preferred_language: "german!" }, field: "preferred_language" },
            { set: { do_not_dun: "yes" }, field: "do_not_dun" },
          ],
        },
        "GET /admin/dunning/group-terms": { url: "/admin/dunning/group-terms", cases: [] },
        "POST /admin/dunning/group-terms/:customer_group_id": {
          url: `/admin/dunning/group-terms/${ids.group}`,
          base: { terms_days: 45 },
          cases: [
            { set: { terms_days: "sixty" }, field: "terms_days" },
            { set: { terms_days: 1e21 }, field: "terms_days" },
            { set: { terms_days: { $gt: 1 } }, field: "terms_days" },
          ],
        },
        "DELETE /admin/dunning/group-terms/:customer_group_id": { url: `/admin/dunning/group-terms/${ids.group}`, base: {}, cases: [] },
        "GET /admin/customers/:id/collection-events": {
          url: `/admin/customers/${ids.customer}/collection-events`,
          cases: listQueries([
            { query: "open_follow_ups=perhaps", field: "open_follow_ups" },
            { query: "follow_up_status=closed", field: "follow_up_status" },
            { query: "type=promise-to-pay", field: "type" },
            { query: "type=note,bogus", field: "type" },
          ]),
        },
        "POST /admin/customers/:id/collection-events": {
          url: `/admin/customers/${ids.customer}/collection-events`,
          base: { type: "promise_to_pay", promised_date: "2026-07-01", note: "Will pay", now: NOW },
          cases: [
            ...amounts("promised_amount").map((c) => ({ ...c, set: { ...c.set, promised_currency_code: "eur" } })),
            { set: { promised_amount: "100.001", promised_currency_code: "eur" }, field: "promised_amount" },
            { set: { promised_amount: "1.5", promised_currency_code: "jpy" }, field: "promised_amount" },
            { set: { promised_date: "9999-12-31" }, field: "promised_date" },
            { set: { promised_date: "2027-06-16" }, field: "promised_date" },
            { set: { promised_date: "2001-01-01" }, field: "promised_date" },
            { set: { occurred_at: "2026-06-16T00:00:00Z" }, field: "occurred_at" },
            { set: { follow_up_due_at: "2028-01-01" }, field: "follow_up_due_at" },
            { set: { type: "claim_for_non_payment" }, field: "type" },
            { set: { note: huge(6000) }, field: "note" },
            { set: { receivable_ids: Array.from({ length: 201 }, (_, i) => `rcv_${i}`) }, field: "receivable_ids" },
          ],
        },
        "GET /admin/customers/:id/statement.pdf": {
          url: `/admin/customers/${ids.customer}/statement.pdf`,
          cases: [
            { query: "now=0000-01-01", field: "now" },
            { query: "language=es", field: "language" },
            { query: "from=2026-01-01", field: "to", says: /together/ },
            { query: "from=2026-02-30&to=2026-03-01", field: "from" },
            { query: "from=2026-03-01&to=2026-02-01", field: "to" },
            { query: "from=2024-01-01&to=2026-03-01", field: "to", says: /366 days/ },
            { query: "from[$gt]=2026-01-01&to=2026-03-01", field: "from" },
          ],
        },
        "GET /admin/customers/:id/collection-summary": {
          url: `/admin/customers/${ids.customer}/collection-summary`,
          cases: [{ query: "now=0000-01-01", field: "now" }],
        },
        "GET /admin/customers/:id/risk": {
          url: `/admin/customers/${ids.customer}/risk`,
          cases: [
            { query: "limit=0", field: "limit" },
            { query: "band=high", field: "band" },
            // `now` dates the channel that worked (with allowTimeTravel); a malformed one is refused
            { query: "now=yesterday", field: "now" },
          ],
        },
        "GET /admin/dunning/aging": {
          url: "/admin/dunning/aging",
          cases: [
            { query: "top=1000", field: "top" },
            { query: "buckets=90,30", field: "buckets" },
            { query: "currency_code=zzz", field: "currency_code" },
            { query: "now=9999-12-31", field: "now" },
          ],
        },
        "GET /admin/dunning/kpis": {
          url: "/admin/dunning/kpis",
          cases: [
            { query: "from=0000-01-01", field: "from" },
            { query: "from=2010-01-01&to=2026-01-01", field: "from" },
            { query: "paid_within_days=0", field: "paid_within_days" },
          ],
        },
        "POST /admin/dunning/events/:id": {
          url: `/admin/dunning/events/${ids.event}`,
          base: { note: "Called back", now: NOW },
          cases: [
            { set: { follow_up_due_at: "2030-01-01" }, field: "follow_up_due_at" },
            { set: { follow_up_due_at: "9999-12-31" }, field: "follow_up_due_at" },
            { set: { follow_up_status: "closed" }, field: "follow_up_status" },
            { set: { note: huge(6000) }, field: "note" },
            { set: { now: "0000-01-01" }, field: "now" },
          ],
        },
        "GET /admin/dunning/follow-ups": {
          url: "/admin/dunning/follow-ups",
          cases: [
            { query: "order=biggest", field: "order" },
            { query: "type=payment_received", field: "type" },
            { query: "type=note,payment_received", field: "type" },
            { query: "customer_id=cus_a,cus_b", field: "customer_id" },
            { query: "now=0000-01-01", field: "now" },
            { query: "credit_hold=maybe", field: "credit_hold" },
            { query: "order=riskiest", field: "order" },
          ],
        },
        "GET /admin/customers/:id/credit-hold": { url: `/admin/customers/${ids.customer}/credit-hold`, cases: [] },
        "POST /admin/customers/:id/credit-hold": {
          url: `/admin/customers/${ids.customer}/credit-hold`,
          base: { reason: "Cheque bounced", now: NOW },
          cases: [
            { set: { reason: "" }, field: "reason" },
            { set: { reason: huge(1000) }, field: "reason" },
            { set: { reason: { $ne: "" } }, field: "reason" },
            { set: { now: "yesterday" }, field: "now" },
          ],
        },
        "POST /admin/customers/:id/credit-hold/release": {
          url: `/admin/customers/${ids.customer}/credit-hold/release`,
          base: { reason: "Paid by transfer", now: NOW },
          cases: [
            { set: { reason: huge(1000) }, field: "reason" },
            { set: { waive_until: "9999-12-31" }, field: "waive_until" },
            { set: { waive_until: "2027-06-16" }, field: "waive_until" },
            { set: { waive_until: "2026-06-01" }, field: "waive_until", says: /in the future/ },
            { set: { waive_until: "soon" }, field: "waive_until" },
          ],
        },
        "POST /admin/dunning/holds": {
          url: "/admin/dunning/holds",
          base: { customer_id: ids.customer, reason: "CFO on holiday", until: "2026-07-15", now: NOW },
          cases: [
            { set: { until: "9999-12-31" }, field: "until" },
            { set: { until: "2027-06-16" }, field: "until" },
            { set: { until: "2026-06-01" }, field: "until" },
            { set: { reason: huge(1000) }, field: "reason" },
            { set: { customer_id: { $ne: "" } }, field: "customer_id" },
            { set: { receivable_ids: Array.from({ length: 201 }, (_, i) => `rcv_${i}`) }, field: "receivable_ids" },
          ],
        },
        "POST /admin/dunning/holds/release": {
          url: "/admin/dunning/holds/release",
          base: { customer_id: ids.customer, now: NOW },
          cases: [{ set: { note: huge(1000) }, field: "note" }, { set: { now: "yesterday" }, field: "now" }],
        },
        "GET /admin/dunning/notices": {
          url: "/admin/dunning/notices",
          cases: listQueries([
            { query: "status=lost", field: "status" },
            { query: "status=sent,lost", field: "status" },
            { query: "customer_id[$ne]=x", field: "customer_id" },
            { query: "kind=receipt", field: "kind" },
            { query: "kind=invoice,letter", field: "kind" },
          ]),
        },
        "GET /admin/dunning/notices/:id": { url: "/admin/dunning/notices/ntc_unknown", cases: [{ query: `fields=${huge(3000)}`, field: "fields" }] },
        "POST /admin/dunning/notices/:id/retry": {
          url: "/admin/dunning/notices/ntc_unknown/retry",
          base: { now: NOW },
          cases: [{ set: { now: "0000-01-01" }, field: "now" }],
        },
        "GET /admin/dunning/overdue": {
          url: "/admin/dunning/overdue",
          cases: [
            { query: "min_days_overdue=-1", field: "min_days_overdue" },
            { query: "order=amount", field: "order" },
            { query: "currency_code=zzz", field: "currency_code" },
            { query: "customer_id=cus_a,cus_b", field: "customer_id" },
            { query: "risk_band=purple", field: "risk_band" },
            { query: "risk_band=high,purple", field: "risk_band" },
            { query: "risk_band[$ne]=low", field: "risk_band" },
          ],
        },
        "GET /admin/dunning/policies": { url: "/admin/dunning/policies", cases: [] },
        "POST /admin/dunning/policies": {
          url: "/admin/dunning/policies",
          base: { name: "Exporters", stages: [STAGE] },
          cases: [
            { set: { name: huge(1000) }, field: "name" },
            { set: { priority: "high" }, field: "priority" },
            { set: { stages: "all" }, field: "stages" },
            { set: { resend_days: 1e21 }, field: "resend_days" },
            { set: { credit_hold_overdue_above: [{ currency_code: "eur", amount: "100.001" }] }, field: "credit_hold_overdue_above.0.amount" },
            { set: { credit_hold_overdue_above: [{ currency_code: "zzz", amount: "100" }] }, field: "credit_hold_overdue_above.0.currency_code" },
            { set: { credit_hold_overdue_above: [{ currency_code: "eur", amount: "0" }] }, field: "credit_hold_overdue_above.0.amount" },
            { set: { credit_hold_overdue_above: [{ currency_code: "eur", amount: "1" }, { currency_code: "EUR", amount: "2" }] }, field: "credit_hold_overdue_above.1.currency_code" },
            { set: { credit_hold_days_overdue: 0 }, field: "credit_hold_days_overdue" },
            { set: { stages: [{ ...STAGE, offset_days: 0, credit_hold: true }] }, field: "stages.0.credit_hold" },
            { set: { stages: [{ ...STAGE, credit_hold: "yes" }] }, field: "stages.0.credit_hold" },
          ],
        },
        "GET /admin/dunning/policies/:id": { url: `/admin/dunning/policies/${ids.policy}`, cases: [] },
        "POST /admin/dunning/policies/:id": {
          url: `/admin/dunning/policies/${ids.policy}`,
          base: { name: "Distributors (EU)" },
          cases: [
            { set: { priority: "high" }, field: "priority" },
            { set: { name: huge(1000) }, field: "name" },
            { set: { stages: [{ id: "dstg_unknown", name: "Reminder" }] }, field: "stages.0.id" },
            { set: { stages: [{ offset_days: 5 }] }, field: "stages.0.name" },
            { set: { stages: [{ ...STAGE, reviewed_translations: ["german!"] }] }, field: "stages.0.reviewed_translations.0" },
            { set: { stages: [{ ...STAGE, translations: { fr: { subject_template: "Rappel" } }, reviewed_translations: ["de"] }] }, field: "stages.0.reviewed_translations", says: /no 'de' translation/ },
            { set: { stages: [{ ...STAGE, variant_b: { subject_template: "B", body_html_template: "<p>B</p>" }, variant_split: 100 }] }, field: "stages.0.variant_split" },
            { set: { stages: [{ ...STAGE, variant_b: { subject_template: "B", body_html_template: "<p>B</p>" } }] }, field: "stages.0.variant_split", says: /required with a variant B/ },
            { set: { stages: [{ ...STAGE, variant_b: { subject_template: "B", body_html_template: "<p>{{#if x}}</p>" }, variant_split: 50 }] }, field: "stages.0.variant_b.body_html_template" },
            { set: { stages: [{ ...STAGE, variant_b: { subject_template: "B", body_html_template: "<p>B</p>", tone: "firm" }, variant_split: 50 }] }, field: "stages.0.variant_b" },
          ],
        },
        "DELETE /admin/dunning/policies/:id": { url: `/admin/dunning/policies/${ids.policy}`, base: {}, cases: [] },
        "GET /admin/dunning/runs": { url: "/admin/dunning/runs", cases: listQueries() },
        "POST /admin/dunning/runs": {
          url: "/admin/dunning/runs",
          base: { dry_run: true, now: NOW },
          cases: [
            { set: { now: "0000-01-01" }, field: "now" },
            { set: { dry_run: "yes" }, field: "dry_run" },
            { set: { customer_id: { $ne: "" } }, field: "customer_id" },
          ],
        },
        "GET /admin/dunning/runs/:id": { url: "/admin/dunning/runs/drun_unknown", cases: [{ query: `fields=${huge(3000)}`, field: "fields" }] },
        "POST /admin/dunning/templates/preview": {
          url: "/admin/dunning/templates/preview",
          base: { stage_id: ids.stage, now: NOW },
          cases: [
            { set: { subject_template: huge(70_000) }, field: "subject_template" },
            { set: { language: "english please" }, field: "language" },
            { set: { stage_id: 42 }, field: "stage_id" },
            { set: { variant: "C" }, field: "variant" },
            { set: { variant: "B" }, field: "variant", says: /no variant B/ },
          ],
        },
        "GET /admin/dunning/templates/variables": { url: "/admin/dunning/templates/variables", cases: [] },
        "GET /admin/customers/:id/collection-links": { url: `/admin/customers/${ids.customer}/collection-links`, cases: [] },
        "POST /admin/customers/:id/collection-links/revoke": {
          url: `/admin/customers/${ids.customer}/collection-links/revoke`,
          base: {},
          cases: [
            { set: { now: "yesterday" }, field: "now" },
            { set: { customer_id: ids.customer }, field: "customer_id" },
          ],
        },
        "GET /admin/dunning/self-service": { url: "/admin/dunning/self-service", cases: [] },
      }
    }

    /** Each table's row count and a digest of its rows: any insert, update or delete changes it. */
    const tableStates = async (): Promise<Record<string, string>> => {
      const { rows } = await dbConnection.raw(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND (table_name LIKE 'dunning\\_%' OR table_name = 'notification') ORDER BY table_name`
      )
      const states: Record<string, string> = {}
      for (const { table_name } of rows) {
        const { rows: [state] } = await dbConnection.raw(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table_name}" t`)
        states[table_name] = `${state.n} rows, ${state.digest}`
      }
      return states
    }

    it("covers every admin route: a route without malformed input to send fails here", () => {
      const routes = adminRoutes()
      const covered = Object.keys(corpus())
      expect(routes.length).toBeGreaterThan(30)
      expect({ missing: routes.filter((r) => !covered.includes(r)), gone: covered.filter((r) => !routes.includes(r)) }).toEqual({ missing: [], gone: [] })
    })

    it("answers every malformed query and body with a 4xx naming the field, changes no row and stays up", async () => {
      const tables = await tableStates()
      expect(Object.keys(tables)).toEqual(expect.arrayContaining(["dunning_receivable", "dunning_notice", "dunning_collection_event", "notification"]))
      const failures: string[] = []
      let sent = 0
      for (const [route, { url, base, cases }] of Object.entries(corpus())) {
        const method = route.split(" ")[0]
        const all = [...QUERY_CASES, ...(method === "GET" ? [] : bodyCases(base ?? {})), ...cases]
        for (const bad of all) {
          const headers: Record<string, string> = { ...admin.headers }
          let data: unknown = method === "GET" ? undefined : bad.body ?? (bad.set ? { ...base, ...bad.set } : base)
          if (bad.raw !== undefined) {
            data = bad.raw
            headers["content-type"] = bad.type ?? "application/json"
          }
          const res = await api.request({ method, url: bad.query ? `${url}?${bad.query}` : url, data, headers, validateStatus: () => true })
          sent += 1
          const message = String(res.data?.message ?? "")
          const rowFields: string[] = (res.data?.errors ?? []).map((e: { index: number; field: string }) => e.field)
          const named =
            bad.status === 413 ||
            ((message.toLowerCase().includes(bad.field.toLowerCase()) || rowFields.includes(bad.field)) && (!bad.says || bad.says.test(message)))
          const statusOk = bad.status ? res.status === bad.status : res.status >= 400 && res.status < 500
          if (!statusOk || !named) {
            const what = bad.query ?? (bad.raw !== undefined ? String(bad.raw).slice(0, 80) : JSON.stringify(bad.set ?? bad.body).slice(0, 80))
            failures.push(`${route} [${what}] → ${res.status} ${JSON.stringify(res.data).slice(0, 200)} (expected the field '${bad.field}')`)
          }
        }
      }
      expect(failures).toEqual([])
      expect(sent).toBeGreaterThan(500)
      expect(await tableStates()).toEqual(tables)
      expect(({} as any).polluted).toBeUndefined()
      const good = await api.get("/admin/dunning/receivables", admin)
      expect(good.status).toBe(200)
      expect(good.data.receivables.map((r: any) => r.id)).toEqual([ids.receivable])
    })

    it("answers a batch's bad rows with the index and field of each", async () => {
      const row = { customer_id: ids.customer, number: "R", currency_code: "eur", amount: "1.00", issued_at: "2026-06-01", due_at: "2026-07-01" }
      const res = await api.post(
        "/admin/dunning/receivables/batch",
        {
          now: NOW,
          receivables: [
            { ...row, external_ref: "R-0" },
            { ...row, external_ref: "R-1", amount: 1e21 },
            { ...row, external_ref: "R-2", currency_code: "jpy", amount: "1500.5" },
            { ...row, external_ref: "R-3", issued_at: "1999-01-01" },
          ],
        },
        { ...admin, validateStatus: () => true }
      )
      expect(res.status).toBe(400)
      expect(res.data.errors).toEqual([
        { index: 1, field: "amount", message: "must be at most 10000000000000" },
        { index: 2, field: "amount", message: "must be a whole amount in JPY, which has no minor unit" },
        { index: 3, field: "issued_at", message: "must not be more than 10 years before now (2016-06-15 or later)" },
      ])
    })

    it("fails a notice whose stored amount cannot be read once its attempts are used up, with a follow-up for the rep", async () => {
      const container = getContainer()
      const { customer } = await createBusinessCustomer(container, { email: "ap@legacy.test", company_name: "Legacy Data" })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: ["ap@legacy.test"], rep_user_id: admin.userId }, admin)
      const created = await api.post(
        "/admin/dunning/receivables",
        { customer_id: customer.id, number: "L-1", currency_code: "eur", amount: "100.00", issued_at: "2026-02-14", due_at: "2026-03-16", now: "2026-02-14T09:00:00.000Z" },
        admin
      )
      const receivableId = created.data.receivable.id
      await runDunningWorkflow(container).run({ input: { now: "2026-03-23T09:00:00.000Z", customer_ids: [customer.id] } })
      const [notice] = await dunning().listNotices({ customer_id: customer.id })
      expect(notice).toMatchObject({ status: "scheduled", attempts: 0 })

      // a value written before amounts were bounded (the only direct write: no route accepts it any more)
      await dbConnection.raw(`UPDATE dunning_receivable SET raw_amount = jsonb_set(raw_amount, '{value}', '"1e+999"') WHERE id = ?`, [receivableId])

      let at = new Date(notice.scheduled_for)
      let current: any = notice
      for (let round = 0; round < 6 && current.status === "scheduled"; round++) {
        await deliverNoticesWorkflow(container).run({ input: { now: at, notice_ids: [notice.id] } })
        ;[current] = await dunning().listNotices({ id: notice.id })
        at = new Date(Math.max(at.getTime(), new Date(current.next_attempt_at ?? at).getTime()) + 1000)
      }
      expect(current).toMatchObject({ status: "failed", attempts: 3, last_error: expect.stringContaining("not a decimal amount") })
      const followUps = await dunning().listCollectionEvents({ customer_id: customer.id, type: "delivery_failed" })
      expect(followUps).toEqual([
        expect.objectContaining({ notice_id: notice.id, follow_up_status: "open", assigned_to: admin.userId, receivable_ids: [receivableId] }),
      ])
      expect(followUps[0].note).toMatch(/could not be delivered after 3 attempts/)
    })
  },
})
