import { entityId } from "../../domain/entity-id"
import { INVOICE_NOTICE_NAME, invoiceEmailWanted, invoiceNoticeKey, type InvoiceEmailSettings } from "../../domain/notice-documents"
import { jsonbRows, runSql, textArray } from "../../sql"
import type { BatchCustomer } from "./types"

/**
 * The invoice e-mails of new receivables, planned by the run: a receivable gets `invoice_email_at` (its
 * issue date) when it is created, and the run that acts at or after that moment takes it once its due date
 * is known (terms that start at the shipment or delivery wait for it, so the e-mail says when the invoice is
 * due), in bounded
 * batches through a partial index, locked without waiting (two runs never plan the same invoice; the
 * notice's key, one per invoice, makes a second e-mail impossible anyway). For each one the customer's
 * policy decides (`invoiceEmailWanted`); either way the receivable's `invoice_email_at` is cleared, so it
 * is looked at once. The notice is of kind `invoice`: it lists no lines and has no stage, and delivery
 * sends it with the invoice's PDF.
 */
export type PlanInvoiceEmailsInput = {
  now: Date
  run_id: string | null
  limit: number
  /** The channel the e-mail goes out on (`delivery.emailChannel`). */
  channel: string
  /** Policy and recipients of the customers (the caller knows other modules). */
  describe: (customerIds: string[]) => Promise<BatchCustomer[]>
  /** The invoice e-mail settings of each policy, by id. */
  settingsOf: (policyId: string) => InvoiceEmailSettings | null
  /** Read the first `limit` due invoice e-mails and say which would be sent; lock and write nothing. */
  dry_run?: boolean
}

/** An invoice e-mail a dry run would plan. */
export type PreviewInvoiceEmail = {
  receivable_id: string
  customer_id: string
  policy_id: string
  channel: string
  recipients: BatchCustomer["recipients"]
  language: BatchCustomer["language"]
}

export type PlanInvoiceEmailsResult = {
  claimed: number
  notice_ids: string[]
  not_sent: number
  /** A dry run's invoice e-mails (a run that writes lists none: its notices have ids). */
  preview: PreviewInvoiceEmail[]
}

/** Locks, without waiting, up to a limit of receivables whose invoice e-mail is due; returns what planning reads. */
const DUE_INVOICE_EMAILS = `
  SELECT id, customer_id, order_id, status FROM dunning_receivable
   WHERE invoice_email_at IS NOT NULL AND due_at IS NOT NULL AND invoice_email_at <= ? AND deleted_at IS NULL
   ORDER BY invoice_email_at, id
   LIMIT ?`
const LOCK = `
   FOR UPDATE SKIP LOCKED`

/** Writes the invoice notices (none twice: their key is the invoice's) and clears the receivables' mark; returns the notices inserted. */
const WRITE_INVOICE_EMAILS = `
  WITH n AS (
    INSERT INTO dunning_notice (id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel, kind,
        recipients, receivable_ids, lines, totals, language, scheduled_for, next_attempt_at, idempotency_key, run_id,
        status, attempts)
    SELECT id, customer_id, policy_id, NULL, stage_name, 0, 'neutral', channel, 'invoice',
           recipients, receivable_ids, '[]'::jsonb, '[]'::jsonb, language, scheduled_for, scheduled_for, idempotency_key, run_id,
           'scheduled', 0
      FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, policy_id text, stage_name text, channel text,
           recipients jsonb, receivable_ids jsonb, language text, scheduled_for timestamptz, idempotency_key text, run_id text)
    ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id),
  cleared AS (
    UPDATE dunning_receivable SET invoice_email_at = NULL, updated_at = now() WHERE id = ANY(?::text[]) RETURNING 1)
  SELECT id FROM n`

/** One batch of invoice e-mails to plan, in the caller's transaction. */
export async function planInvoiceEmails(manager: unknown, input: PlanInvoiceEmailsInput): Promise<PlanInvoiceEmailsResult> {
  const due: Array<{ id: string; customer_id: string; order_id: string | null; status: string }> = await runSql(
    manager,
    input.dry_run ? DUE_INVOICE_EMAILS : DUE_INVOICE_EMAILS + LOCK,
    [input.now, input.limit]
  )
  if (!due.length) {
    return { claimed: 0, notice_ids: [], not_sent: 0, preview: [] }
  }
  const customers = new Map((await input.describe([...new Set(due.map((r) => r.customer_id))])).map((c) => [c.customer_id, c]))
  const rows = due.flatMap((r) => {
    const customer = customers.get(r.customer_id)
    // the invoice goes to the billing contacts: a customer with none gets no invoice e-mail
    if (!customer || !customer.recipients.to.length || !invoiceEmailWanted(input.settingsOf(customer.policy_id), r, customer)) {
      return []
    }
    return [
      {
        id: entityId("dntc"),
        customer_id: r.customer_id,
        policy_id: customer.policy_id,
        stage_name: INVOICE_NOTICE_NAME,
        channel: input.channel,
        recipients: customer.recipients,
        receivable_ids: [r.id],
        language: customer.language,
        scheduled_for: input.now,
        idempotency_key: invoiceNoticeKey(r.id),
        run_id: input.run_id,
      },
    ]
  })
  if (input.dry_run) {
    const preview = rows.map((r) => ({
      receivable_id: r.receivable_ids[0],
      customer_id: r.customer_id,
      policy_id: r.policy_id,
      channel: r.channel,
      recipients: r.recipients,
      language: r.language,
    }))
    return { claimed: due.length, notice_ids: [], not_sent: due.length - rows.length, preview }
  }
  const inserted: Array<{ id: string }> = await runSql(manager, WRITE_INVOICE_EMAILS, [jsonbRows(rows), textArray(due.map((r) => r.id))])
  return { claimed: due.length, notice_ids: inserted.map((i) => i.id), not_sent: due.length - rows.length, preview: [] }
}
