import { Button, Input, Text, Textarea } from "@medusajs/ui"
import { useMemo } from "react"
import { Field } from "../../../../components/field"
import { VariantResults } from "../../../../components/variant-results"
import { useKpis } from "../../../../hooks/api/worklists"
import { useLanguage } from "../../../../hooks/use-language"
import type { StageFormProps } from "../../../../lib/policy-draft"
import type { VariantTemplates } from "../../../../lib/types"

const RESULT_DAYS = 90
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/**
 * A stage's variant B: an alternative subject and body sent to a share of customers (each customer always
 * reads the same variant at the stage), and how each variant did over the last 90 days, beside it.
 */
export const StageVariant = ({ stage, index, errors, onChange }: StageFormProps) => {
  const { t } = useLanguage()
  const err = (field: string) => errors[`stages.${index}.${field}`]
  const b = stage.variant_b ?? null
  const setB = (patch: Partial<VariantTemplates>) => onChange({ variant_b: { ...(b as VariantTemplates), ...patch } })
  if (stage.action !== "send") {
    return null
  }
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="stage-variant">
      <div className="flex items-center justify-between">
        <div>
          <Text size="small" weight="plus">{t("variants.editorTitle")}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle">{t("variants.editorHint")}</Text>
        </div>
        {b ? (
          <Button size="small" variant="secondary" onClick={() => onChange({ variant_b: null, variant_split: null })}>{t("variants.remove")}</Button>
        ) : (
          <Button
            size="small"
            variant="secondary"
            onClick={() =>
              onChange({
                variant_b: { subject_template: stage.subject_template ?? "", body_html_template: stage.body_html_template ?? "", body_text_template: null },
                variant_split: 50,
              })
            }
          >
            {t("variants.add")}
          </Button>
        )}
      </div>
      {b && (
        <>
          <Field label={t("variants.split")} name={`stages.${index}.variant_split`} error={err("variant_split")}>
            <Input
              id={`stages.${index}.variant_split`}
              type="number"
              min={1}
              max={99}
              className="w-24"
              value={stage.variant_split ?? ""}
              onChange={(e) => onChange({ variant_split: e.target.value === "" ? null : Number(e.target.value) })}
            />
          </Field>
          <Field label={t("variants.subject")} name={`stages.${index}.variant_b.subject_template`} error={err("variant_b.subject_template")}>
            <Input id="variant_b_subject_template" value={b.subject_template} onChange={(e) => setB({ subject_template: e.target.value })} />
          </Field>
          <Field label={t("variants.html")} name={`stages.${index}.variant_b.body_html_template`} error={err("variant_b.body_html_template")}>
            <Textarea
              id="variant_b_body_html_template"
              className="font-mono"
              rows={8}
              value={b.body_html_template}
              onChange={(e) => setB({ body_html_template: e.target.value })}
            />
          </Field>
        </>
      )}
      {stage.id && <StageVariantResults stageId={stage.id} />}
    </div>
  )
}

/** Each variant's results for this stage over the last 90 days, per currency. */
const StageVariantResults = ({ stageId }: { stageId: string }) => {
  const { t } = useLanguage()
  const period = useMemo(() => {
    const to = new Date()
    return { from: isoDay(new Date(to.getTime() - RESULT_DAYS * 86_400_000)), to: isoDay(new Date(to.getTime() + 86_400_000)) }
  }, [])
  const kpis = useKpis(period)
  const currencies = (kpis.data?.kpis.currencies ?? [])
    .map((c) => ({ code: c.currency_code, comparisons: (c.collection_rate_by_variant ?? []).filter((v) => v.stage_id === stageId) }))
    .filter((c) => c.comparisons.length > 0)
  if (!currencies.length) {
    return null
  }
  return (
    <div className="flex flex-col gap-y-2" data-testid="stage-variant-results">
      <Text size="small" weight="plus">{t("variants.resultsTitle")}</Text>
      {currencies.map((c) => (
        <VariantResults key={c.code} comparisons={c.comparisons} currencyCode={c.code} paidWithinDays={kpis.data?.kpis.paid_within_days ?? 14} showStage={false} />
      ))}
    </div>
  )
}
