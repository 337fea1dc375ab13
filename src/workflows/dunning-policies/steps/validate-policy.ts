import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { policyProblems, type PolicyInput } from "../../../modules/dunning/domain/policy"
import { validateTemplatesIsolated, type TemplateField } from "../../../modules/dunning/templates"
import { templatesFor } from "../../dunning/notice-content"

export const validatePolicyStepId = "dunning-validate-policy"

export type PolicyProblem = { field: string; message: string; line?: number | null; column?: number | null; hint?: string }

const STAGE_FIELD: Record<TemplateField, string> = { subject: "subject_template", body_html: "body_html_template", body_text: "body_text_template" }

/**
 * Every problem of a policy: its rules, and each stage's templates in every language checked as they
 * will be rendered (a translation with the templates it inherits), on the render pool and against the
 * largest notice, so a template too costly to render is refused here rather than at delivery.
 */
export async function findPolicyProblems(policy: PolicyInput): Promise<PolicyProblem[]> {
  const problems: PolicyProblem[] = [...policyProblems(policy)]
  const checks: Array<Promise<PolicyProblem[]>> = []
  policy.stages.forEach((stage, i) => {
    if (stage.action !== "send") {
      return
    }
    const languages: Array<[string, string | null]> = [
      [`stages.${i}`, null],
      ...Object.keys(stage.translations ?? {}).map((language): [string, string] => [`stages.${i}.translations.${language}`, language]),
    ]
    for (const [prefix, language] of languages) {
      const templates = templatesFor(stage, language)
      if (language && templates.language !== language) {
        // a translation with nothing of its own: the stage's templates are used, and checked above
        continue
      }
      if (!templates.subject.trim() || !templates.body_html.trim()) {
        continue
      }
      checks.push(
        validateTemplatesIsolated(templates).then((found) =>
          found.map((p) => ({ field: `${prefix}.${STAGE_FIELD[p.field]}`, message: p.message, line: p.line, column: p.column, hint: p.hint }))
        )
      )
    }
  })
  for (const found of await Promise.all(checks)) {
    problems.push(...found)
  }
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
  const problems = await findPolicyProblems(policy)
  if (problems.length) {
    throw policyProblemsError(problems)
  }
  return new StepResponse(undefined)
})
