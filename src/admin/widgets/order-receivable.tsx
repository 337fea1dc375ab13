import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { EmptyState, ErrorState, LoadingRows } from "../components/states"
import { useReceivables } from "../hooks/api/customer-collections"
import { useStageNames } from "../hooks/api/stage-names"
import { daysOverdue, daysOverdueLabel, formatDate, formatMoney, formatNextAction, humanize, overdueColor } from "../lib/format"

const STATUS_COLOR = { open: "orange", paid: "green", void: "grey", written_off: "red" } as const

/** The order's receivable on the order page: when it is due, what is still open, where dunning stands. */
const OrderReceivableWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, error, refetch } = useReceivables({ order_id: order.id, limit: 1 })
  const receivable = data?.receivables[0]
  const stageName = useStageNames()
  return (
    <Container className="divide-y p-0" data-testid="dunning-order-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Receivable</Heading>
        {receivable && (
          <Badge size="2xsmall" color={STATUS_COLOR[receivable.status]}>
            {humanize(receivable.status)}
          </Badge>
        )}
      </div>
      {isLoading && <LoadingRows rows={3} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data && !receivable && <EmptyState title="Not on terms" description="This order has no receivable: it was paid at checkout or is not on net terms." />}
      {receivable && (
        <div className="flex flex-col gap-y-2 px-6 py-4 text-sm">
          <Row label="Invoice" value={receivable.number} />
          <Row
            label="Due"
            value={
              <span className="flex items-center gap-x-2">
                {formatDate(receivable.due_at)}
                {receivable.status === "open" && (
                  <Badge size="2xsmall" color={overdueColor(daysOverdue(receivable.due_at))}>
                    {daysOverdueLabel(daysOverdue(receivable.due_at))}
                  </Badge>
                )}
              </span>
            }
          />
          <Row label="Amount" value={formatMoney(receivable.amount, receivable.currency_code)} />
          <Row label="Outstanding" value={formatMoney(receivable.outstanding_amount ?? receivable.amount - receivable.amount_paid, receivable.currency_code)} />
          <Row label="Stage" value={receivable.stage ? stageName(receivable.stage) : "no notice yet"} />
          <Row label="Notices sent" value={String(receivable.notices_sent)} />
          <Row label="Last notice" value={formatDate(receivable.last_notice_at)} />
          <Row
            label="Next notice"
            value={
              receivable.hold_until && new Date(receivable.hold_until).getTime() > Date.now()
                ? `held until ${formatDate(receivable.hold_until)}`
                : receivable.status === "open"
                  ? formatNextAction(receivable.next_action_at)
                  : "–"
            }
          />
          <Link to={`/customers/${receivable.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover mt-2 text-sm">
            Customer's collection history
          </Link>
        </div>
      )}
    </Container>
  )
}

const Row = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <div className="flex items-center justify-between gap-x-4">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="txt-compact-small text-ui-fg-base text-right">{value}</div>
  </div>
)

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-plugin-dunning:order-receivable",
})

export default OrderReceivableWidget
