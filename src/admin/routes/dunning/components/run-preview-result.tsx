import { Badge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { RunPreview } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { enumLabel, formatCount, formatMoney } from "../../../lib/format"
import { plural } from "../../../lib/i18n"

/** What a dry run found: how many notices, escalations and invoice e-mails, why customers were skipped, and each notice it would send. */
export const RunPreviewResult = ({ preview }: { preview: RunPreview }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const totals = preview.totals
  const summary = t("runs.previewSummary", {
    notices: plural(lang, "runs.count.notices", totals.notices_created),
    escalations: plural(lang, "runs.count.escalations", totals.escalations_created),
    customers: plural(lang, "runs.count.customers", totals.customers_seen),
    invoices: plural(lang, "runs.count.invoicesDue", totals.receivables_seen),
  })
  const skipped = Object.entries(preview.totals.skipped ?? {}).filter(([, n]) => n > 0)
  const invoiceEmails = preview.invoice_emails?.created ?? 0
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <Text size="small">
        {preview.truncated ? `${summary} ${t("runs.previewTruncated", { limit: formatCount(preview.customer_limit, locale) })}` : summary}
      </Text>
      {invoiceEmails > 0 && (
        <div className="flex flex-wrap gap-2" data-testid="preview-invoice-emails">
          <Badge size="2xsmall">
            {t("runs.invoiceEmails")}: {formatCount(invoiceEmails, locale)}
            {preview.invoice_emails?.truncated ? "+" : ""}
          </Badge>
        </div>
      )}
      {skipped.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {skipped.map(([reason, n]) => (
            <Badge key={reason} size="2xsmall">
              {enumLabel(lang, "skipReason", reason)}: {formatCount(n, locale)}
            </Badge>
          ))}
        </div>
      )}
      {preview.totals.notices.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("runs.customer")}</Table.HeaderCell>
              <Table.HeaderCell>{t("runs.stage")}</Table.HeaderCell>
              <Table.HeaderCell>{t("runs.to")}</Table.HeaderCell>
              <Table.HeaderCell>{t("runs.subject")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("runs.overdue")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {preview.totals.notices.map((n) => (
              <Table.Row key={`${n.customer_id}:${n.stage_name}`}>
                <Table.Cell>
                  <Link to={`/customers/${n.customer_id}`} className="text-ui-fg-interactive">
                    {n.company ?? n.customer_id}
                  </Link>
                </Table.Cell>
                <Table.Cell>{n.stage_name}</Table.Cell>
                <Table.Cell>{n.to.join(", ")}</Table.Cell>
                <Table.Cell className="max-w-xs truncate">{n.render_error ? <span className="text-ui-fg-error">{n.render_error}</span> : n.subject}</Table.Cell>
                <Table.Cell className="text-right">
                  {n.totals.map((t) => (
                    <div key={t.currency_code}>{formatMoney(t.outstanding, t.currency_code, locale)}</div>
                  ))}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
