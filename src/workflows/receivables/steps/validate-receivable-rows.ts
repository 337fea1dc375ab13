import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceivableRow } from "../../../modules/dunning/service"
import { findReceivableRowProblems, rowProblemsError } from "../validation"

export const validateReceivableRowsStepId = "dunning-validate-receivable-rows"

/**
 * Refuses the whole batch when any row breaks a rule, so that nothing is written: amounts, dates,
 * currencies, references repeated in the batch, unknown customers or orders.
 */
export const validateReceivableRowsStep = createStep(
  validateReceivableRowsStepId,
  async (rows: ReceivableRow[], { container }) => {
    const problems = await findReceivableRowProblems(rows, container)
    if (problems.length) {
      throw rowProblemsError(problems, rows.length === 1)
    }
    return new StepResponse(undefined)
  }
)
