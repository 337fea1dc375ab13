import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { ReceivableRevision } from "../../../modules/dunning/service"

export const reviseReceivableStepId = "dunning-revise-receivable"

export type ReviseReceivableStepInput = { id: string; changes: ReceivableRevision; now: Date }

/** Applies an admin's change to a receivable; the compensation restores the row as it was. */
export const reviseReceivableStep = createStep(
  reviseReceivableStepId,
  async ({ id, changes, now }: ReviseReceivableStepInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    // workflow data arrives serialised: dates are strings again
    const revived: ReceivableRevision = {
      ...changes,
      ...(changes.issued_at ? { issued_at: new Date(changes.issued_at) } : {}),
      ...(changes.due_at ? { due_at: new Date(changes.due_at) } : {}),
    }
    const { previous } = await dunning.reviseReceivable(id, revived, new Date(now))
    return new StepResponse({ id, customer_id: previous.customer_id as string }, previous)
  },
  async (previous: Record<string, unknown> | undefined, { container }) => {
    if (!previous) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.putBackReceivables([previous])
  }
)
