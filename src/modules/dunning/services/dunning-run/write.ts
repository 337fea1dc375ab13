import { foldIntoNotices } from "../../queries/pending-notices"
import { jsonbRows, runSql } from "../../sql"
import type { BatchPlan } from "./plan"
import { WRITE_BATCH } from "./sql"
import type { RecordBatchResult } from "./types"

/**
 * The end of a batch: the folds into pending notices (step 6), then one statement that writes the new
 * notices, the events that go with them and every receivable's new state (step 7). A receivable whose
 * notice turns out to exist already (another run created it for the same customer, stage and day) keeps
 * its state and is looked at again tomorrow; the duplicate is counted, not reported as a new notice.
 */
export async function writeBatch(manager: unknown, plan: BatchPlan, now: Date, result: RecordBatchResult): Promise<void> {
  // which notice each receivable's new state depends on
  const noticeOf = new Map<string, string>()
  for (const n of plan.notices) {
    for (const id of n.receivable_ids as string[]) {
      noticeOf.set(id, n.id as string)
    }
  }
  const changes = [
    ...[...plan.updates.values()].map((u) => ({ ...u, keep: false, notice_id: noticeOf.get(u.id) ?? null })),
    ...[...plan.next_actions].map(([id, at]) => ({
      id,
      keep: true,
      notice_id: null,
      stage: null,
      notices_sent: 0,
      last_notice_at: null,
      next_action_at: at,
      hold_until: null,
      hold_reason: null,
      escalated_at: null,
    })),
  ]
  // the pending notices this batch locked take what came due; the receivables' states below go with them
  await foldIntoNotices(manager, plan.folds)
  if (!plan.notices.length && !plan.events.length && !changes.length) {
    return
  }
  const inserted: Array<{ id: string }> = await runSql(manager, WRITE_BATCH, [
    jsonbRows(plan.notices),
    jsonbRows(plan.events),
    jsonbRows(changes),
    new Date(now.getTime() + 86_400_000),
  ])
  if (inserted.length < plan.notices.length) {
    const insertedIds = new Set(inserted.map((i) => i.id))
    result.duplicates = plan.notices.length - inserted.length
    result.notices = result.notices.filter((n) => insertedIds.has(n.id!))
  }
}
