import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  createCollectionEventsWorkflow,
  deliverNoticesWorkflow,
  runDunningWorkflow,
  updateCollectionEventWorkflow,
} from "medusa-plugin-dunning/workflows"
import type { Profile } from "./profile"

/**
 * The plugin at work at a simulated moment: the dunning run, the delivery of its notices, and what the
 * account reps record (calls, promises, disputes) and close on their call list. Every workflow gets the
 * moment as `now`.
 */

type Knex = any

/** A notice the delivery sent. */
export type SentNotice = { id: string; customer_id: string; receivable_ids: string[]; stage_offset_days: number }

/** An account escalated by the run. */
export type Escalation = { customer_id: string; receivable_ids: string[] }

/** Runs dunning as the schedule does; returns the accounts it escalated. */
export async function runDunning(container: MedusaContainer, profile: Profile, at: Date): Promise<Escalation[]> {
  const run: any = await profile.timed("run", () => runDunningWorkflow(container).run({ input: { now: at, trigger: "schedule", detail_limit: 200 } }))
  return [...((run.result.totals?.escalations ?? []) as Escalation[])]
}

/** Delivers the notices due at `at` (to the .eml outbox); returns those it sent. */
export async function deliverNotices(container: MedusaContainer, profile: Profile, at: Date): Promise<SentNotice[]> {
  const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await profile.timed("deliver", () => deliverNoticesWorkflow(container).run({ input: { now: at } }))
  return knex("dunning_notice").select("id", "customer_id", "receivable_ids", "stage_offset_days").where({ status: "sent", sent_at: at })
}

/** Records a collection event on a customer's account, authored by the customer's rep. */
export async function recordEvent(
  container: MedusaContainer,
  profile: Profile,
  customer: { id: string; rep_id: string },
  at: Date,
  event: Record<string, unknown>
): Promise<void> {
  await profile.timed("event", () =>
    createCollectionEventsWorkflow(container).run({
      input: {
        now: at,
        events: [
          {
            customer_id: customer.id,
            author_type: "user",
            author_id: customer.rep_id,
            occurred_at: at,
            ...event,
          } as any,
        ],
      },
    })
  )
}

/**
 * Open follow-ups whose invoices are all settled, and those of promises that name no invoice (made on the
 * collection page) once the customer has paid the promised amount since the promise; oldest first.
 */
const SETTLED_FOLLOW_UPS = `
  SELECT e.id, e.assigned_to FROM dunning_collection_event e
   WHERE e.follow_up_status = 'open' AND e.deleted_at IS NULL
     AND ((jsonb_array_length(e.receivable_ids) > 0
           AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.receivable_ids) AS x(id)
                             JOIN dunning_receivable r ON r.id = x.id WHERE r.status = 'open'))
       OR (e.type = 'promise_to_pay' AND jsonb_array_length(e.receivable_ids) = 0 AND e.promised_amount IS NOT NULL
           AND (SELECT coalesce(sum(CASE WHEN l.kind = 'refund' THEN -l.amount ELSE l.amount END), 0)
                  FROM dunning_receivable r JOIN dunning_receivable_payment l ON l.receivable_id = r.id AND l.deleted_at IS NULL
                 WHERE r.customer_id = e.customer_id AND r.currency_code = e.promised_currency_code
                   AND l.paid_at >= e.occurred_at) >= e.promised_amount))
   ORDER BY e.id`

/** Marks done, as its assignee, every open follow-up whose invoices are all settled. */
export async function closeSettledFollowUps(container: MedusaContainer, profile: Profile, at: Date): Promise<void> {
  const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const settled: Array<{ id: string; assigned_to: string | null }> = (await knex.raw(SETTLED_FOLLOW_UPS)).rows
  for (const event of settled) {
    await profile.timed("follow-up", () =>
      updateCollectionEventWorkflow(container).run({ input: { id: event.id, follow_up_status: "done", actor_id: event.assigned_to, now: at } })
    )
  }
}
