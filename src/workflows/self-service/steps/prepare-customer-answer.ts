import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { answerEvent, answerProblem, type AnswerSource, type CustomerAnswer } from "../../../modules/dunning/domain/customer-answer"
import { decimalSub } from "../../../modules/dunning/domain/decimal"
import type DunningModuleService from "../../../modules/dunning/service"
import type { NewCollectionEvent } from "../../collection-events/steps/create-collection-events"

export const prepareCustomerAnswerStepId = "dunning-prepare-customer-answer"

export type CustomerAnswerInput = {
  customer_id: string
  answer: CustomerAnswer
  source: AnswerSource
  /** The same answer sent twice (a double submit, a retried request) has the same key and is recorded once. */
  idempotency_key: string
  now: Date | string
}

export type PreparedAnswer = { replay: Record<string, unknown> | null; events: NewCollectionEvent[] }

/** At most this many open invoices are read to check an answer against: more than any customer has. */
const OPEN_LIMIT = 10_000

/**
 * Checks a customer's answer against the customer's own open invoices (see `domain/customer-answer`) and
 * turns it into the history line to record, with the rep's follow-up; or finds the line an earlier send of
 * the same answer recorded (`replay`). Reads only: nothing to undo.
 */
export const prepareCustomerAnswerStep = createStep(
  prepareCustomerAnswerStepId,
  async (input: CustomerAnswerInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [earlier] = await dunning.listCollectionEvents({ idempotency_key: input.idempotency_key }, { take: 1 })
    if (earlier) {
      return new StepResponse<PreparedAnswer>({ replay: earlier as Record<string, unknown>, events: [] })
    }
    const now = new Date(input.now)
    const { rows } = await dunning.listCustomerReceivables({ customer_id: input.customer_id, statuses: ["open"], limit: OPEN_LIMIT, offset: 0 })
    const open = rows.map((r) => ({ id: r.id, currency_code: r.currency_code, outstanding: decimalSub(r.amount, r.amount_paid) }))
    // a workflow's input arrives serialised: dates as strings
    const answer = input.answer.kind === "promise" ? { ...input.answer, promised_date: new Date(input.answer.promised_date) } : input.answer
    const problem = answerProblem(answer, open, now, dunning.getOptions().selfService.promiseMaxDays)
    if (problem) {
      const type = problem.kind === "not_found" ? MedusaError.Types.NOT_FOUND : MedusaError.Types.INVALID_DATA
      throw new MedusaError(type, `${problem.field}: ${problem.message}`)
    }
    const { rep_user_id } = await dunning.selfServicePageFacts(input.customer_id)
    const event = answerEvent(answer, { ...input, now, rep_user_id })
    return new StepResponse<PreparedAnswer>({ replay: null, events: [event as NewCollectionEvent] })
  }
)
