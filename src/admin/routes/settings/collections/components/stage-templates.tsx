import { Badge, Input, Text, Textarea } from "@medusajs/ui"
import { useRef, useState } from "react"
import { Field } from "../../../../components/field"
import { useTemplateVariables } from "../../../../hooks/api/policies"
import { useLanguage } from "../../../../hooks/use-language"
import type { StageFormProps } from "../../../../lib/policy-draft"
import type { Stage } from "../../../../lib/types"

const TEMPLATE_FIELDS = ["subject_template", "body_html_template", "body_text_template"] as const
type TemplateFieldName = (typeof TEMPLATE_FIELDS)[number]

/** A stage's subject and bodies, with the template variables to insert where the cursor was. */
export const StageTemplates = ({ stage, index, errors, onChange }: StageFormProps) => {
  const { t } = useLanguage()
  const variables = useTemplateVariables()
  const [focused, setFocused] = useState<TemplateFieldName>("body_html_template")
  const refs = useRef<Record<string, HTMLTextAreaElement | HTMLInputElement | null>>({})
  const err = (field: string) => errors[`stages.${index}.${field}`]
  const insert = (snippet: string) => {
    const el = refs.current[focused]
    const current = (stage[focused] ?? "") as string
    const at = el?.selectionStart ?? current.length
    const end = el?.selectionEnd ?? at
    onChange({ [focused]: current.slice(0, at) + snippet + current.slice(end) } as Partial<Stage>)
  }
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      <Field label={t("settings.templates.subject")} name={`stages.${index}.subject_template`} error={err("subject_template")}>
        <Input
          ref={(el) => { refs.current.subject_template = el }}
          id="subject_template"
          value={stage.subject_template ?? ""}
          onFocus={() => setFocused("subject_template")}
          onChange={(e) => onChange({ subject_template: e.target.value })}
        />
      </Field>
      <Field label={t("settings.templates.html")} name={`stages.${index}.body_html_template`} error={err("body_html_template")}>
        <Textarea
          ref={(el) => { refs.current.body_html_template = el }}
          id="body_html_template"
          className="font-mono"
          rows={12}
          value={stage.body_html_template ?? ""}
          onFocus={() => setFocused("body_html_template")}
          onChange={(e) => onChange({ body_html_template: e.target.value })}
        />
      </Field>
      <Field label={t("settings.templates.text")} name={`stages.${index}.body_text_template`} error={err("body_text_template")} hint={t("settings.templates.textHint")}>
        <Textarea
          ref={(el) => { refs.current.body_text_template = el }}
          id="body_text_template"
          className="font-mono"
          rows={6}
          value={stage.body_text_template ?? ""}
          onFocus={() => setFocused("body_text_template")}
          onChange={(e) => onChange({ body_text_template: e.target.value || null })}
        />
      </Field>
      <div>
        <Text size="small" weight="plus" className="mb-1">{t("settings.templates.variables")}</Text>
        <Text size="xsmall" className="text-ui-fg-subtle mb-2">{t("settings.templates.variablesHint")}</Text>
        <div className="flex max-h-40 flex-wrap gap-1 overflow-y-auto" data-testid="template-variables">
          {(variables.data?.variables ?? []).map((v) => (
            <button key={v.name} type="button" title={`${v.description}\n${v.example}`} onClick={() => insert(v.example)}>
              <Badge size="2xsmall">{v.name}</Badge>
            </button>
          ))}
        </div>
      </div>
    </div>
  )
}
