import { Label, Select, Switch } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import type { Draft, SetDraftField } from "../../../../lib/policy-draft"
import type { StatementAttachment } from "../../../../lib/types"

/**
 * The documents that go with a policy's notices: the statement each reminder carries (PDF, CSV or both),
 * and whether a new invoice is e-mailed with its PDF when it is issued (orders; imports and hand entries).
 */
export const DocumentSettings = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const { t } = useLanguage()
  const statements: Array<[StatementAttachment, string]> = [
    ["both", t("settings.policy.statementBoth")],
    ["pdf", t("settings.policy.statementPdf")],
    ["csv", t("settings.policy.statementCsv")],
  ]
  const toggle = (key: "send_invoice_on_issue" | "send_invoice_on_import", label: string) => (
    <div className="flex items-center gap-x-2">
      <Switch id={key} checked={draft[key]} onCheckedChange={(v) => set(key, v)} />
      <Label htmlFor={key} size="small">{label}</Label>
    </div>
  )
  return (
    <>
      <Field label={t("settings.policy.statementAttachment")} name="statement_attachment" error={errors.statement_attachment} hint={t("settings.policy.statementAttachmentHint")}>
        <Select value={draft.statement_attachment} onValueChange={(v) => set("statement_attachment", v as StatementAttachment)}>
          <Select.Trigger id="statement_attachment"><Select.Value /></Select.Trigger>
          <Select.Content>
            {statements.map(([value, label]) => (
              <Select.Item key={value} value={value}>{label}</Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>
      <Field label={t("settings.policy.sendInvoiceOnIssue")} name="send_invoice_on_issue" error={errors.send_invoice_on_issue ?? errors.send_invoice_on_import} hint={t("settings.policy.invoiceEmailHint")}>
        <div className="flex flex-col gap-y-2">
          {toggle("send_invoice_on_issue", t("settings.policy.sendInvoiceOnIssue"))}
          {toggle("send_invoice_on_import", t("settings.policy.sendInvoiceOnImport"))}
        </div>
      </Field>
    </>
  )
}
