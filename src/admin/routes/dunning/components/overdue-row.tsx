import { Badge, Table } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useLanguage } from "../../../hooks/use-language"
import { customerLabel, daysOverdueLabel, formatDate, formatMoney, overdueColor } from "../../../lib/format"
import type { OverdueReceivable } from "../../../lib/types"

/** One overdue invoice: its customer, how late it is, whether it is held, its stage and what is still owed. */
export const OverdueRow = ({ receivable: r, stageName }: { receivable: OverdueReceivable; stageName: (stageId: string | null | undefined) => string }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <Table.Row>
      <Table.Cell>{r.number}</Table.Cell>
      <Table.Cell>
        <Link to={`/customers/${r.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
          {customerLabel(r.customer, lang)}
        </Link>
      </Table.Cell>
      <Table.Cell>
        <div className="flex items-center gap-x-2">
          {formatDate(r.due_at, locale)}
          <Badge size="2xsmall" color={overdueColor(r.days_overdue)}>
            {daysOverdueLabel(r.days_overdue, lang)}
          </Badge>
          {r.on_hold && (
            <Badge size="2xsmall" color="orange" title={r.hold_reason ?? undefined}>
              {t("overdue.onHold")}
            </Badge>
          )}
        </div>
      </Table.Cell>
      <Table.Cell>{stageName(r.stage)}</Table.Cell>
      <Table.Cell className="text-right">{formatMoney(r.outstanding_amount, r.currency_code, locale)}</Table.Cell>
    </Table.Row>
  )
}
