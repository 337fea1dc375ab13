import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import {
  creditStanding,
  decideCreditHold,
  describeAmounts,
  holdReason,
  liftReason,
  type CreditHoldRules,
  type CreditStanding,
  type MoneyAmount,
  type OpenInvoice,
} from "../domain/credit-hold"
import { InternalService } from "../internal-service"
import { runSql, textArray } from "../sql"
import { LOCK_CUSTOMERS, OPEN_INVOICES, RULE_CANDIDATES, WATCHED_CUSTOMERS } from "./credit-standing/sql"
import {
  CreditHoldWriter,
  placedEventKey,
  restoreFromSnapshot,
  type CreditHoldChange,
  type CreditHoldRecords,
  type CreditHoldSnapshot,
} from "./credit-standing/writer"

export type { CreditHoldChange, CreditHoldRecords, CreditHoldSnapshot } from "./credit-standing/writer"

/** A customer to evaluate: the credit hold rules of their policy (null: none apply) and their rep. */
export type CustomerCreditRules = { customer_id: string; rules: CreditHoldRules | null; rep_user_id: string | null }

/** A hold placed or released by a person, with the reason the history keeps. */
export type CreditHoldByHand =
  | { kind: "place"; customer_id: string; reason: string; user_id: string | null; now: Date }
  | { kind: "release"; customer_id: string; reason: string; user_id: string | null; now: Date; waive_until: Date | null }

export type CreditHoldResult = { changes: CreditHoldChange[]; snapshot: CreditHoldSnapshot }

/**
 * Credit holds inside the module: evaluating customers against their policy's rules (the pure rules of
 * `domain/credit-hold`) and placing, lifting or updating their hold; holds placed and released by hand;
 * undoing either for a compensation; and the customers the run must look at. Every change takes the
 * customer's lock first, so two payments booked at once lift a hold once, and writes the hold and its line
 * in the customer's history in one transaction.
 */
export class CreditStandingService extends InternalService {
  /**
   * Evaluates customers at `now` and places (when `may_place`), lifts or updates their automatic holds,
   * writing each change into the customer's history. Returns what changed and what puts it back.
   */
  @InjectTransactionManager()
  async refreshCreditHolds(
    records: CreditHoldRecords,
    input: { customers: CustomerCreditRules[]; now: Date; may_place: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreditHoldResult> {
    const writer = new CreditHoldWriter(records, sharedContext)
    const ids = [...new Set(input.customers.map((c) => c.customer_id))]
    if (!ids.length) {
      return { changes: writer.changes, snapshot: writer.snapshot }
    }
    const manager = sharedContext.transactionManager
    await runSql(manager, LOCK_CUSTOMERS, [textArray(ids)])
    const rows: Array<OpenInvoice & { customer_id: string }> = await runSql(manager, OPEN_INVOICES, [textArray(ids), input.now])
    const holds = (await records.listCreditHolds(
      { customer_id: ids, $or: [{ released_at: null }, { waiver_active: true }] } as any,
      { take: null, order: { placed_at: "DESC" } },
      sharedContext
    )) as any[]
    for (const customer of input.customers) {
      const invoices = rows
        .filter((r) => r.customer_id === customer.customer_id)
        .map((r) => ({ ...r, due_at: r.due_at ? new Date(r.due_at) : null }))
      const standing = readableStanding(invoices, customer, input.now)
      if (standing) {
        await this.settle(writer, customer, standing, holds, input)
      }
    }
    return { changes: writer.changes, snapshot: writer.snapshot }
  }

  /** One customer: the decision of the rules, written. */
  private async settle(
    writer: CreditHoldWriter,
    customer: CustomerCreditRules,
    standing: CreditStanding,
    holds: any[],
    input: { now: Date; may_place: boolean }
  ): Promise<void> {
    const { now } = input
    const inForce = holds.find((h) => h.customer_id === customer.customer_id && !h.released_at) ?? null
    const waived = holds.find((h) => h.customer_id === customer.customer_id && h.released_at && h.waiver_active) ?? null
    const decision = decideCreditHold({
      hold: inForce,
      waiver: waived ? { hold_id: waived.id, until: waived.waived_until ? new Date(waived.waived_until) : null } : null,
      standing,
      may_place: input.may_place,
      now,
    })
    if (decision.end_waiver) {
      await writer.updateHold(waived, { waiver_active: false })
      writer.note({ customer_id: customer.customer_id, hold_id: waived.id, change: "waiver_ended", event_id: null })
    }
    if (decision.action === "place") {
      await this.placeByRules(writer, customer, standing, decision.source!, now)
    } else if (decision.action === "lift") {
      await writer.updateHold(inForce, { released_at: now, release_reason: liftReason(standing), evaluated_at: now })
      await writer.closePlacementFollowUp(inForce.id, now, null)
      const event_id = await writer.recordEvent({
        customer_id: customer.customer_id,
        type: "credit_hold_released",
        note: `Credit hold lifted: ${liftReason(standing)}`,
        now,
        idempotency_key: `credit-hold:${inForce.id}:released`,
        metadata: { credit_hold_id: inForce.id },
      })
      writer.note({ customer_id: customer.customer_id, hold_id: inForce.id, change: "lifted", event_id })
    } else if (decision.action === "refresh" && changedStanding(inForce, standing)) {
      await writer.updateHold(inForce, {
        amounts_to_lift: standing.amounts_to_lift,
        receivable_ids: standing.receivable_ids,
        evaluated_at: now,
      })
      writer.note({ customer_id: customer.customer_id, hold_id: inForce.id, change: "refreshed", event_id: null })
    }
  }

  private async placeByRules(
    writer: CreditHoldWriter,
    customer: CustomerCreditRules,
    standing: CreditStanding,
    source: "stage" | "rule",
    now: Date
  ): Promise<void> {
    const reason = holdReason(standing)
    const hold = await writer.createHold({
      customer_id: customer.customer_id,
      source,
      reason,
      policy_id: customer.rules?.policy_id ?? null,
      basis: { breaches: standing.breaches, days_overdue: standing.days_overdue, overdue: standing.overdue },
      placed_at: now,
      placed_by: null,
      amounts_to_lift: standing.amounts_to_lift,
      receivable_ids: standing.receivable_ids,
      evaluated_at: now,
    })
    const event_id = await writer.recordEvent({
      customer_id: customer.customer_id,
      type: "credit_hold_placed",
      note: `Credit hold placed: ${reason}. Orders on terms are refused until ${describeAmounts(standing.amounts_to_lift)} is paid.`,
      now,
      receivable_ids: standing.receivable_ids,
      follow_up: { assigned_to: customer.rep_user_id },
      idempotency_key: placedEventKey(hold.id),
      metadata: { credit_hold_id: hold.id, source, amounts_to_lift: standing.amounts_to_lift },
    })
    writer.note({ customer_id: customer.customer_id, hold_id: hold.id, change: "placed", event_id })
  }

  /**
   * A person places a hold (an automatic one in force gives way to it) or releases the hold in force; a
   * release waives the rules until the customer is clear of them, or until `waive_until`.
   */
  @InjectTransactionManager()
  async changeCreditHoldByHand(
    records: CreditHoldRecords,
    input: CreditHoldByHand,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreditHoldResult> {
    const writer = new CreditHoldWriter(records, sharedContext)
    await runSql(sharedContext.transactionManager, LOCK_CUSTOMERS, [textArray([input.customer_id])])
    const [inForce] = (await records.listCreditHolds({ customer_id: input.customer_id, released_at: null }, { take: 1 }, sharedContext)) as any[]
    if (input.kind === "place") {
      await this.placeByHand(writer, records, input, inForce ?? null, sharedContext)
    } else {
      await this.releaseByHand(writer, input, inForce ?? null)
    }
    return { changes: writer.changes, snapshot: writer.snapshot }
  }

  private async placeByHand(
    writer: CreditHoldWriter,
    records: CreditHoldRecords,
    input: Extract<CreditHoldByHand, { kind: "place" }>,
    inForce: any,
    sharedContext: Context
  ): Promise<void> {
    const { customer_id, now, user_id } = input
    if (inForce?.source === "manual") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `customer_id: the customer is already on a credit hold placed by hand since ${new Date(inForce.placed_at).toISOString()}; release it first to place another`
      )
    }
    if (inForce) {
      await writer.updateHold(inForce, { released_at: now, released_by: user_id, release_reason: "replaced by a hold placed by hand" })
      await writer.closePlacementFollowUp(inForce.id, now, user_id)
    }
    // a hold placed by hand ends the waiver of an earlier release by hand
    const waivers = (await records.listCreditHolds({ customer_id, waiver_active: true }, { take: null }, sharedContext)) as any[]
    for (const waiver of waivers) {
      await writer.updateHold(waiver, { waiver_active: false })
    }
    const hold = await writer.createHold({ customer_id, source: "manual", reason: input.reason, placed_at: now, placed_by: user_id, evaluated_at: now })
    const event_id = await writer.recordEvent({
      customer_id,
      type: "credit_hold_placed",
      note: `Credit hold placed by hand: ${input.reason}`,
      now,
      author: { type: "user", id: user_id },
      idempotency_key: placedEventKey(hold.id),
      metadata: { credit_hold_id: hold.id, source: "manual", ...(inForce ? { replaced_credit_hold_id: inForce.id } : {}) },
    })
    writer.note({ customer_id, hold_id: hold.id, change: "placed", event_id })
  }

  private async releaseByHand(writer: CreditHoldWriter, input: Extract<CreditHoldByHand, { kind: "release" }>, inForce: any): Promise<void> {
    const { customer_id, now, user_id, waive_until } = input
    if (!inForce) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "customer_id: the customer is not on credit hold")
    }
    await writer.updateHold(inForce, {
      released_at: now,
      released_by: user_id,
      release_reason: input.reason,
      waiver_active: true,
      waived_until: waive_until,
    })
    await writer.closePlacementFollowUp(inForce.id, now, user_id)
    const waiver = waive_until
      ? `the rules place no new hold before ${waive_until.toISOString().slice(0, 10)}`
      : "the rules place no new hold until the customer is clear of them"
    const event_id = await writer.recordEvent({
      customer_id,
      type: "credit_hold_released",
      title: "Credit hold released",
      note: `Credit hold released by hand: ${input.reason} (${waiver})`,
      now,
      author: { type: "user", id: user_id },
      idempotency_key: `credit-hold:${inForce.id}:released`,
      metadata: { credit_hold_id: inForce.id, waived_until: waive_until?.toISOString() ?? null },
    })
    writer.note({ customer_id, hold_id: inForce.id, change: "released", event_id })
  }

  /** Undoes `refreshCreditHolds` or `changeCreditHoldByHand` (compensation). */
  @InjectTransactionManager()
  async undoCreditHoldChanges(records: CreditHoldRecords, snapshot: CreditHoldSnapshot, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await restoreFromSnapshot(records, snapshot, sharedContext)
  }

  /**
   * The customers the dunning run evaluates at `now`: those the loosest of the policies' rules may hold
   * (none when no policy has rules) and those with an automatic hold in force or a waiver.
   */
  @InjectManager()
  async creditHoldCandidates(
    input: { rules: { stage_ids: string[]; due_before: Date | null; overdue_above: MoneyAmount[] } | null; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.manager
    const found = new Set<string>()
    if (input.rules) {
      const limits = JSON.stringify(input.rules.overdue_above)
      const params = [textArray(input.rules.stage_ids), input.rules.due_before, input.now, limits, limits]
      for (const row of await runSql<{ customer_id: string }>(manager, RULE_CANDIDATES, params)) {
        found.add(row.customer_id)
      }
    }
    for (const row of await runSql<{ customer_id: string }>(manager, WATCHED_CUSTOMERS)) {
      found.add(row.customer_id)
    }
    return [...found].sort()
  }
}

/** Whether what lifts a hold changed since it was last written (stored JSON may order keys its own way). */
function changedStanding(hold: { amounts_to_lift?: unknown; receivable_ids?: unknown }, standing: CreditStanding): boolean {
  const amounts = (list: unknown) =>
    ((list as Array<{ currency_code: string; amount: string }> | null) ?? []).map((a) => `${a.currency_code}:${a.amount}`).sort().join(",")
  const ids = (list: unknown) => [...((list as string[] | null) ?? [])].sort().join(",")
  return amounts(hold.amounts_to_lift) !== amounts(standing.amounts_to_lift) || ids(hold.receivable_ids) !== ids(standing.receivable_ids)
}

/**
 * Where a customer stands, or null when its open invoices cannot be read (a stored amount that is not a
 * decimal): its hold then stays as it is, neither placed nor lifted on figures that mean nothing, and the
 * run reports the customer as `unreadable_data` with a follow-up for the rep.
 */
function readableStanding(invoices: Array<OpenInvoice & { customer_id: string }>, customer: CustomerCreditRules, now: Date): CreditStanding | null {
  try {
    return creditStanding(invoices, customer.rules, now)
  } catch {
    return null
  }
}
