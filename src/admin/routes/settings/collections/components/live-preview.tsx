import { Container, Heading, Input, Label, Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { errorMessage } from "../../../../components/states"
import { useCustomerSearch, useTemplatePreview } from "../../../../hooks/api/policies"
import { useLanguage } from "../../../../hooks/use-language"
import { pathErrors } from "../../../../lib/format"
import type { Stage, TemplateProblem } from "../../../../lib/types"
import { RenderedNotice } from "./rendered-notice"

/** The template a problem is in, as the editor labels it ("HTML body"); the server names it "body_html". */
const TEMPLATE_LABELS: Record<string, string> = {
  subject: "settings.templates.subject",
  body_html: "settings.templates.html",
  body_text: "settings.templates.text",
}

/** Renders the templates being edited on the server, for a chosen customer or sample data, as they would be sent. */
export const LivePreview = ({ stage }: { stage: Stage }) => {
  const lang = useLanguage()
  const { t } = lang
  const [search, setSearch] = useState("")
  const [customerId, setCustomerId] = useState("sample")
  const [language, setLanguage] = useState("")
  const customers = useCustomerSearch(search)
  const request = useMemo(
    () => ({
      subject_template: stage.subject_template ?? "",
      body_html_template: stage.body_html_template ?? "",
      body_text_template: stage.body_text_template ?? null,
      ...(customerId !== "sample" ? { customer_id: customerId } : {}),
      ...(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? { language } : {}),
    }),
    [stage.subject_template, stage.body_html_template, stage.body_text_template, customerId, language]
  )
  const { preview, error, loading } = useTemplatePreview(request)
  // the server names each problem's field and line: "body_html (line 3): unclosed block"
  const { _: other, ...byField } = error ? pathErrors(errorMessage(error.cause, t), lang) : ({} as Record<string, string>)
  const problems: TemplateProblem[] = Object.entries(byField).map(([field, message]) => ({ field, message }))
  const failure = other ?? null
  return (
    <Container className="divide-y p-0" data-testid="live-preview">
      <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <div>
          <Heading level="h2">{t("settings.preview.title")}</Heading>
          <Text size="xsmall" className="text-ui-fg-subtle">{t(loading ? "settings.preview.rendering" : "settings.preview.hint")}</Text>
        </div>
        <div className="flex gap-x-2">
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">{t("settings.preview.customer")}</Label>
            <Input size="small" placeholder={t("settings.preview.search")} value={search} onChange={(e) => setSearch(e.target.value)} className="w-40" />
            <Select size="small" value={customerId} onValueChange={setCustomerId}>
              <Select.Trigger className="w-48" aria-label={t("settings.preview.customerChoice")}><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="sample">{t("settings.preview.sample")}</Select.Item>
                {(customers.data?.customers ?? []).map((c: any) => (
                  <Select.Item key={c.id} value={c.id}>{c.company_name || [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">{t("settings.preview.language")}</Label>
            <Input size="small" placeholder={t("settings.preview.languageExample")} className="w-20" value={language} onChange={(e) => setLanguage(e.target.value.trim())} />
          </div>
        </div>
      </div>
      {(problems.length > 0 || failure) && (
        <div className="flex flex-col gap-y-1 px-6 py-3" role="alert" data-testid="template-problems">
          {problems.map((p, i) => (
            <Text key={i} size="small" className="text-ui-fg-error">
              {TEMPLATE_LABELS[p.field] ? t(TEMPLATE_LABELS[p.field]) : p.field}: {p.message}
            </Text>
          ))}
          {failure && <Text size="small" className="text-ui-fg-error">{failure}</Text>}
        </div>
      )}
      {preview && <RenderedNotice preview={preview} dimmed={problems.length > 0 || !!failure} />}
    </Container>
  )
}
