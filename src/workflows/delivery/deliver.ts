import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import type DunningModuleService from "../../modules/dunning/service"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { deliverNotice } from "./deliver-notice"
import { loadDeliveryFacts, type DeliveryContext } from "./load-delivery-context"
import { outcomeOfUnexpectedError, retryPolicyOf } from "./notice-outcomes"
import { documentSources } from "./notice-attachments"
import { deliveredByPreviousAttempt } from "./previous-attempt"
import { emptyTally, recordOutcome, type DeliveryTally } from "./record-outcome"

export type { DeliveryContext } from "./load-delivery-context"
export type { DeliveryTally } from "./record-outcome"

/**
 * Delivers claimed notices, each on its own, in these steps (one file each in this folder):
 * - load-delivery-context: what the batch needs, read once per kind;
 * - recheck-balances: lost payments booked first, and a notice lists only what is still owed;
 * - previous-attempt: a retried notice whose previous attempt went out is recorded, not sent again;
 * - render-notice-content: the stage's templates in the customer's language, on the isolated renderer;
 * - send-on-channels: through Medusa's notification module, falling back along the policy's channels;
 * - notice-outcomes: retry later or give up, and the rep's follow-up;
 * - record-outcome: how the outcome is written and counted.
 * Sending cannot be undone, so there is no compensation: the notice row owns the delivery state, each
 * attempt has its own idempotency key in the notification module (idempotency-keys), and the receiver's
 * key stays the same.
 */
export async function deliverBatch(container: MedusaContainer, notices: ClaimedNotice[], ctx: DeliveryContext): Promise<DeliveryTally> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const logger = container.resolve("logger")
  const tally = emptyTally(notices.length)
  if (!notices.length) {
    return tally
  }
  const delivery = ctx.options.delivery
  const retry = retryPolicyOf(delivery)
  const facts = await loadDeliveryFacts(container, notices, ctx.now)
  const delivered = await deliveredByPreviousAttempt(container, notices, facts.policyOf, delivery.emailChannel)
  const sender = { notifications: container.resolve(Modules.NOTIFICATION), logger, retry, ctx, documents: documentSources(container, ctx.options) }

  await forEachLimited(notices, delivery.concurrency, async (notice) => {
    // a batch can outlast the lease it was claimed with (a slow or rate-limited mail server): each notice
    // is held afresh just before it is sent, and one that another delivery took over meanwhile is left to it
    if (!(await dunning.renewDeliveryLease({ notice_id: notice.id, attempt: notice.attempts, lease_seconds: delivery.leaseSeconds }))) {
      tally.taken_over += 1
      return
    }
    let outcome: DeliveryOutcome
    try {
      outcome = await deliverNotice(notice, facts, delivered.get(notice.id), sender)
    } catch (error) {
      outcome = outcomeOfUnexpectedError(notice, error, ctx.now, retry, facts.profileOf.get(notice.customer_id)?.rep_user_id ?? null, ctx.options.defaultLanguage)
      logger.error(`dunning: delivering notice ${notice.id} failed unexpectedly: ${outcome.last_error}`)
    }
    await recordOutcome(dunning, outcome, tally, logger)
  })
  return tally
}

/** Runs `work` over `items` with at most `limit` at a time (SMTP pools send in parallel). */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]
      await work(item)
    }
  })
  await Promise.all(lanes)
}
