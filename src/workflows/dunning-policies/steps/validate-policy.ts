import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { policyProblems, type PolicyInput } from "../../../modules/dunning/domain/policy"
import { validateTemplates } from "../../../modules/dunning/templates"

export const validatePolicyStepId = "dunning-validate-policy"

export type PolicyProblem = { field: string; message: string; line?: number | null; column?: number | null; hint?: string }

/** Every problem of a policy: its rules, and each stage's templates compiled as they will be rendered. */
export function findPolicyProblems(policy: PolicyInput): PolicyProblem[] {
  const problems: PolicyProblem[] = [...policyProblems(policy)]
  policy.stages.forEach((stage, i) => {
    if (stage.action !== "send") {
      return
    }
    const variants: Array<[string, { subject_template?: string | null; body_html_template?: string | null; body_text_template?: string | null }]> = [
      [`stages.${i}`, stage],
      ...Object.entries(stage.translations ?? {}).map(([lang, t]) => [`stages.${i}.translations.${lang}`, {
        subject_template: t.subject_template ?? stage.subject_template,
        body_html_template: t.body_html_template ?? stage.body_html_template,
        body_text_template: t.body_text_template ?? stage.body_text_template,
      }] as [string, any]),
    ]
    for (const [prefix, t] of variants) {
      if (!t.subject_template?.trim() || !t.body_html_template?.trim()) {
        continue
      }
      for (const p of validateTemplates({ subject: t.subject_template, body_html: t.body_html_template, body_text: t.body_text_template })) {
        const field = p.field === "subject" ? "subject_template" : p.field === "body_html" ? "body_html_template" : "body_text_template"
        problems.push({ field: `${prefix}.${field}`, message: p.message, line: p.line, column: p.column, hint: p.hint })
      }
    }
  })
  return problems
}

export function policyProblemsError(problems: PolicyProblem[]): MedusaError {
  const text = problems
    .slice(0, 8)
    .map((p) => `${p.field}${p.line ? ` (line ${p.line})` : ""}: ${p.message}${p.hint ? ` (${p.hint})` : ""}`)
    .join("; ")
  return new MedusaError(MedusaError.Types.INVALID_DATA, text + (problems.length > 8 ? ` (and ${problems.length - 8} more)` : ""))
}

/** Refuses a policy that breaks a rule or whose templates do not compile, naming the field and line. */
export const validatePolicyStep = createStep(validatePolicyStepId, async (policy: PolicyInput) => {
  const problems = findPolicyProblems(policy)
  if (problems.length) {
    throw policyProblemsError(problems)
  }
  return new StepResponse(undefined)
})
