import { Container, Heading } from "@medusajs/ui"
import type { StageFormProps } from "../../../../lib/policy-draft"
import { LivePreview } from "./live-preview"
import { StageSettings } from "./stage-settings"
import { StageTemplates } from "./stage-templates"
import { StageTranslations } from "./stage-translations"

/** The selected stage: its settings, templates and translations, beside the notice they render to. */
export const StageEditor = ({
  stage,
  index,
  errors,
  staleTranslations,
  onChange,
}: StageFormProps & { staleTranslations: Array<{ language: string; confirmed: boolean }> }) => (
  <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
    <Container className="divide-y p-0" data-testid="stage-editor">
      <div className="px-6 py-4">
        <Heading level="h2">{stage.name}</Heading>
      </div>
      <StageSettings stage={stage} index={index} errors={errors} onChange={onChange} />
      <StageTemplates stage={stage} index={index} errors={errors} onChange={onChange} />
      <StageTranslations stage={stage} index={index} errors={errors} stale={staleTranslations} onChange={onChange} />
    </Container>
    <LivePreview stage={stage} />
  </div>
)
