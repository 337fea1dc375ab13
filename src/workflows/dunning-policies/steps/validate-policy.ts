import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { policyProblems, type PolicyInput } from "../../../modules/dunning/domain/policy"
import { validateTemplatesIsolated, type TemplateField } from "../../../modules/dunning/templates"
import { templatesOfVariant } from "../../../modules/dunning/domain/template-variants"
import { templatesFor, type StageTemplates } from "../../dunning/notice-content"

export const validatePolicyStepId = "dunning-validate-policy"

export type PolicyProblem = { field: string; message: string; line?: number | null; column?: number | null; hint?: string }

const STAGE_FIELD: Record<TemplateField, string> = { subject: "subject_template", body_html: "body_html_template", body_text: "body_text_template" }

/**
 * Every problem of a policy: its rules, and each stage's templates in every language checked as they
 * will be rendered (a translation with the templates it inherits), on the render pool and against the
 * largest notice, so a template too costly to render is refused here rather than at delivery.
 */
export async function findPolicyProblems(policy: PolicyInput): Promise<PolicyProblem[]> {
  const problems: PolicyProblem[] = [...policyProblems(policy), ...variantProblems(policy)]
  const checks: Array<Promise<PolicyProblem[]>> = []
  policy.stages.forEach((stage, i) => {
    if (stage.action !== "send") {
      return
    }
    checks.push(...templateChecks(stage, `stages.${i}`))
    if (stage.variant_b) {
      checks.push(...templateChecks(templatesOfVariant(stage, "B"), `stages.${i}.variant_b`))
    }
  })
  for (const found of await Promise.all(checks)) {
    problems.push(...found)
  }
  return problems
}

/** A variant B needs its share of customers, a subject and a body, and a stage that sends. */
function variantProblems(policy: PolicyInput): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  policy.stages.forEach((stage, i) => {
    if (!stage.variant_b) {
      return
    }
    if (stage.action !== "send") {
      problems.push({ field: `stages.${i}.variant_b`, message: "only a stage that sends a notice can have a variant B" })
    }
    if (!stage.variant_split) {
      problems.push({ field: `stages.${i}.variant_split`, message: "is required with a variant B: the percent of customers (1–99) who get it" })
    }
    for (const field of ["subject_template", "body_html_template"] as const) {
      if (!stage.variant_b[field]?.trim()) {
        problems.push({ field: `stages.${i}.variant_b.${field}`, message: "is required for a variant B" })
      }
    }
  })
  return problems
}

/** The compile-and-render checks of a stage's templates (one variant) in every language it has. */
function templateChecks(stage: StageTemplates, at: string): Array<Promise<PolicyProblem[]>> {
  const checks: Array<Promise<PolicyProblem[]>> = []
  const languages: Array<[string, string | null]> = [
    [at, null],
    ...Object.keys(stage.translations ?? {}).map((language): [string, string] => [`${at}.translations.${language}`, language]),
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
  return checks
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
