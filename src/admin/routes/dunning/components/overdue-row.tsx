import { Badge, Table } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { customerLabel, daysOverdueLabel, formatDate, formatMoney, overdueColor } from "../../../lib/format"
import type { OverdueReceivable } from "../../../lib/types"

/** One overdue invoice: its customer, how late it is, whether it is held, its stage and what is still owed. */
export const OverdueRow = ({ receivable: r, stageName }: { receivable: OverdueReceivable; stageName: (stageId: string | null | undefined) => string }) => (
  <Table.Row>
    <Table.Cell>{r.number}</Table.Cell>
    <Table.Cell>
      <Link to={`/customers/${r.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
        {customerLabel(r.customer)}
      </Link>
    </Table.Cell>
    <Table.Cell>
      <div className="flex items-center gap-x-2">
        {formatDate(r.due_at)}
        <Badge size="2xsmall" color={overdueColor(r.days_overdue)}>
          {daysOverdueLabel(r.days_overdue)}
        </Badge>
        {r.on_hold && (
          <Badge size="2xsmall" color="orange" title={r.hold_reason ?? undefined}>
            on hold
          </Badge>
        )}
      </div>
    </Table.Cell>
    <Table.Cell>{stageName(r.stage)}</Table.Cell>
    <Table.Cell className="text-right">{formatMoney(r.outstanding_amount, r.currency_code)}</Table.Cell>
  </Table.Row>
)
