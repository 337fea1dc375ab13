import { Badge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { RunPreview } from "../../../hooks/api/worklists"
import { formatMoney, humanize } from "../../../lib/format"

/** What a dry run found: how many notices and escalations, why customers were skipped, and each notice it would send. */
export const RunPreviewResult = ({ preview }: { preview: RunPreview }) => {
  const skipped = Object.entries(preview.totals.skipped ?? {}).filter(([, n]) => n > 0)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <Text size="small">
        {preview.totals.notices_created} notices and {preview.totals.escalations_created} escalations for{" "}
        {preview.totals.customers_seen} customers ({preview.totals.receivables_seen} invoices due).
        {preview.truncated &&
          ` The preview stopped after the first ${preview.customer_limit} customers; the run itself covers every customer due.`}
      </Text>
      {skipped.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {skipped.map(([reason, n]) => (
            <Badge key={reason} size="2xsmall">
              {humanize(reason)}: {n}
            </Badge>
          ))}
        </div>
      )}
      {preview.totals.notices.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Stage</Table.HeaderCell>
              <Table.HeaderCell>To</Table.HeaderCell>
              <Table.HeaderCell>Subject</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Overdue</Table.HeaderCell>
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
                    <div key={t.currency_code}>{formatMoney(t.outstanding, t.currency_code)}</div>
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
