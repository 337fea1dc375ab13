import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { scoreAllCustomersStep, type ScoreAllCustomersInput } from "../steps/score-all-customers"

export const refreshRiskScoresWorkflowId = "dunning-refresh-risk-scores"

/**
 * Scores every customer with receivables from their own ledger at `now` (the nightly job), and records each
 * change of band with its reason.
 */
export const refreshRiskScoresWorkflow = createWorkflow(refreshRiskScoresWorkflowId, function (input: ScoreAllCustomersInput) {
  return new WorkflowResponse(scoreAllCustomersStep(input))
})
