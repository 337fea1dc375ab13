import { Container, Heading, Tabs } from "@medusajs/ui"
import { useState } from "react"
import { useLanguage } from "../../../../hooks/use-language"
import type { StageFormProps } from "../../../../lib/policy-draft"
import { LivePreview } from "./live-preview"
import { StageSettings } from "./stage-settings"
import { StageTemplates } from "./stage-templates"
import { StageTranslations } from "./stage-translations"
import { StageVariant } from "./stage-variant"

/** The selected stage: its settings, templates, translations and variant B, beside the notice they render to. */
export const StageEditor = ({
  stage,
  index,
  errors,
  staleTranslations,
  onChange,
}: StageFormProps & { staleTranslations: Array<{ language: string; confirmed: boolean }> }) => {
  const { t } = useLanguage()
  const [shown, setShown] = useState<"A" | "B">("A")
  const variant = shown === "B" && stage.variant_b ? "B" : "A"
  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
      <Container className="divide-y p-0" data-testid="stage-editor">
        <div className="px-6 py-4">
          <Heading level="h2">{stage.name}</Heading>
        </div>
        <StageSettings stage={stage} index={index} errors={errors} onChange={onChange} />
        <StageTemplates stage={stage} index={index} errors={errors} onChange={onChange} />
        <StageTranslations stage={stage} index={index} errors={errors} stale={staleTranslations} onChange={onChange} />
        <StageVariant stage={stage} index={index} errors={errors} onChange={onChange} />
      </Container>
      <div className="flex flex-col gap-y-2">
        {stage.variant_b && (
          <Tabs value={variant} onValueChange={(v) => setShown(v as "A" | "B")}>
            <Tabs.List>
              <Tabs.Trigger value="A">{t("variants.previewA")}</Tabs.Trigger>
              <Tabs.Trigger value="B">{t("variants.previewB")}</Tabs.Trigger>
            </Tabs.List>
          </Tabs>
        )}
        <LivePreview stage={variant === "B" && stage.variant_b ? { ...stage, ...stage.variant_b, body_text_template: stage.variant_b.body_text_template ?? null } : stage} />
      </div>
    </div>
  )
}
