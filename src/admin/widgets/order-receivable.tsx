import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ErrorState, errorMessage, LoadingRows } from "../components/states"
import { useInvoiceOrder, useOrderReceivable } from "../hooks/api/order-receivable"
import { useStageNames } from "../hooks/api/stage-names"
import { awaitingLabel, daysOverdue, daysOverdueLabel, formatDate, formatMoney, formatNextAction, humanize, overdueColor } from "../lib/format"
import type { OrderReceivableProposal, TermsStart } from "../lib/types"

const STATUS_COLOR = { open: "orange", paid: "green", void: "grey", written_off: "red" } as const

/**
 * The order's receivable on the order page: when it is due (or what its terms wait for), what is still
 * open, where dunning stands. An order that is not on terms says why, and can be chased as an invoice by hand.
 */
const OrderReceivableWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, error, refetch } = useOrderReceivable(order.id)
  const receivable = data?.receivable
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
      {data?.proposal && !receivable && <NotInvoiced orderId={order.id} proposal={data.proposal} />}
      {receivable && (
        <div className="flex flex-col gap-y-2 px-6 py-4 text-sm">
          <Row label="Invoice" value={receivable.number} />
          <Row
            label="Due"
            value={
              receivable.due_at ? (
                <span className="flex items-center gap-x-2">
                  {formatDate(receivable.due_at)}
                  {receivable.status === "open" && (
                    <Badge size="2xsmall" color={overdueColor(daysOverdue(receivable.due_at))}>
                      {daysOverdueLabel(daysOverdue(receivable.due_at))}
                    </Badge>
                  )}
                </span>
              ) : (
                <span className="flex items-center gap-x-2">
                  {termsText(receivable.terms_days ?? null, receivable.terms_start ?? "shipment")}
                  <Badge size="2xsmall" color="grey">
                    {awaitingLabel(receivable.terms_start)}
                  </Badge>
                </span>
              )
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
                : receivable.status === "open" && receivable.hold_reason?.startsWith("order-change:")
                  ? `on hold: ${receivable.hold_reason.slice("order-change:".length)}`
                  : receivable.status === "open" && receivable.hold_reason?.startsWith("dispute:")
                  ? "on hold: disputed"
                  : receivable.status === "open" && !receivable.due_at
                  ? `after the first ${receivable.terms_start === "delivery" ? "delivery" : "shipment"}`
                  : receivable.status === "open"
                  ? formatNextAction(receivable.next_action_at, undefined, receivable.due_for_next_run)
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

/** "Net 30 days from the first shipment": the terms an invoice has or would get. */
function termsText(days: number | null, start: TermsStart): string {
  const from = start === "order" ? "the order date" : start === "shipment" ? "the first shipment" : "the first delivery"
  return days === null ? `from ${from}` : `net ${days} ${days === 1 ? "day" : "days"} from ${from}`
}

/** An order without a receivable: why it is not on terms, and the admin's way to chase it as an invoice anyway. */
const NotInvoiced = ({ orderId, proposal }: { orderId: string; proposal: OrderReceivableProposal }) => {
  const invoice = useInvoiceOrder(orderId)
  const terms = termsText(proposal.terms_days, proposal.terms_start)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="dunning-order-not-invoiced">
      <div className="flex flex-col gap-y-1">
        <Text size="small" weight="plus">
          Not chased as an invoice
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          {proposal.not_invoiceable_because ?? proposal.not_on_terms_because ?? "This order has no receivable."}
        </Text>
      </div>
      {!proposal.not_invoiceable_because && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" className="text-ui-fg-subtle">
            On the customer's terms: {terms}
            {proposal.due_at ? `, due ${formatDate(proposal.due_at)}` : proposal.terms_start === "order" ? "" : ", not chased until then"}.
          </Text>
          <Button
            size="small"
            variant="secondary"
            isLoading={invoice.isPending}
            onClick={() =>
              invoice.mutate(undefined, {
                onSuccess: () => toast.success("The order is chased as an invoice on terms"),
                onError: (e) => toast.error(errorMessage(e)),
              })
            }
          >
            Chase this order as an invoice on terms
          </Button>
        </div>
      )}
    </div>
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
