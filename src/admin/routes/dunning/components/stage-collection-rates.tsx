import { Table, Text } from "@medusajs/ui"
import { formatMoney, formatPercent } from "../../../lib/format"
import type { Kpis } from "../../../lib/types"

/** For each stage, how many of the invoices it was sent for were paid after it, by count and by amount. */
export const StageCollectionRates = ({ kpis: c }: { kpis: Kpis["currencies"][number] }) => (
  <div className="px-6 py-4">
    <Text size="small" weight="plus" className="mb-2">Collection rate per stage</Text>
    {c.collection_rate_by_stage.length === 0 ? (
      <Text size="small" className="text-ui-fg-subtle">No notices in this period.</Text>
    ) : (
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Stage</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Notices</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Invoices</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Paid after</Table.HeaderCell>
            <Table.HeaderCell className="text-right">By count</Table.HeaderCell>
            <Table.HeaderCell className="text-right">By amount</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {c.collection_rate_by_stage.map((s) => (
            <Table.Row key={s.stage_id ?? s.stage_name}>
              <Table.Cell>{s.stage_name}</Table.Cell>
              <Table.Cell className="text-right">{s.notices}</Table.Cell>
              <Table.Cell className="text-right">{s.receivables}</Table.Cell>
              <Table.Cell className="text-right">{formatMoney(s.paid_amount, c.currency_code)}</Table.Cell>
              <Table.Cell className="text-right">{formatPercent(s.count_rate)}</Table.Cell>
              <Table.Cell className="text-right">{formatPercent(s.amount_rate)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    )}
  </div>
)
