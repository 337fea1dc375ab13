import { channelThatWorked } from "../../modules/dunning/domain/channel-that-worked"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import type { DeliveryFacts } from "./load-delivery-context"
import { deliverInvoiceNotice } from "./invoice-notice"
import { statementAttachments } from "./notice-attachments"
import { followUpFor, outcomeBase, repNote } from "./notice-outcomes"
import { sentByPreviousAttempt } from "./previous-attempt"
import { recheckNotice } from "./recheck-balances"
import { renderNoticeContent } from "./render-notice-content"
import { sendOnChannels, type Sender } from "./send-on-channels"

/**
 * One claimed notice, from claim to outcome: sent already by its previous attempt, no longer owed, its
 * stage gone, its template broken, its documents impossible (too large, or not buildable: the attempt
 * fails for the rep to see), or rendered and sent with its statements on the channels it may use. An
 * invoice e-mail goes its own way (invoice-notice.ts). The outcome is
 * recorded by the caller; a failure of ours (anything thrown) is the caller's to count as an attempt.
 */
export async function deliverNotice(
  notice: ClaimedNotice,
  facts: DeliveryFacts,
  previous: any | undefined,
  sender: Sender
): Promise<DeliveryOutcome> {
  const base = outcomeBase(notice, sender.ctx.now)
  const language = sender.ctx.options.defaultLanguage
  const profile = facts.profileOf.get(notice.customer_id)
  if (previous) {
    return sentByPreviousAttempt(base, previous)
  }
  if (notice.kind === "invoice") {
    return deliverInvoiceNotice(notice, facts, sender, sender.documents)
  }
  const recheck = recheckNotice(notice, profile, facts.receivables, sender.ctx.now)
  if (recheck.cancel_reason !== null) {
    return { ...base, status: "cancelled", cancel_reason: recheck.cancel_reason }
  }
  const stage: any = notice.stage_id ? facts.stageOf.get(notice.stage_id) : null
  const policy: any = notice.policy_id ? facts.policyOf.get(notice.policy_id) : null
  if (!stage || !policy) {
    return {
      ...base,
      status: "failed",
      last_error: "the notice's stage or policy no longer exists",
      follow_up: followUpFor(notice, profile, repNote(language, notice, (n) => n.stage_gone)),
    }
  }
  const rendering = await renderNoticeContent(notice, recheck.still_owed, stage, policy, facts, sender.ctx)
  if (rendering.error !== null) {
    return {
      ...base,
      status: "failed",
      last_error: `template: ${rendering.error}`,
      follow_up: followUpFor(notice, profile, repNote(language, notice, (n) => n.template_failed, { error: rendering.error })),
    }
  }
  const card = facts.cards.get(notice.customer_id)
  const content = rendering.content
  const files = await statementAttachments({ content, policy, card, customer_id: notice.customer_id, now: sender.ctx.now }, sender.ctx.options, sender.documents)
  if (files.error !== null) {
    const error = files.error
    return { ...base, status: "failed", last_error: `documents: ${error}`, follow_up: followUpFor(notice, profile, repNote(language, notice, (n) => n.documents_failed, { error })) }
  }
  // a policy that prefers it sends first by the channel after which the customer last paid
  const worked = policy.prefer_channel_that_worked ? channelThatWorked(facts.history.filter((h) => h.customer_id === notice.customer_id)) : null
  return sendOnChannels({ notice, profile, card, stage, policy, content, attachments: files.attachments, preferred_channel: worked?.channel ?? null }, sender)
}
