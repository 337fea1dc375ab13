import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { OrderCreditHold } from "../components/order-credit-hold"
import { PdfDownload } from "../components/pdf-download"
import { ErrorState, errorMessage, LoadingRows } from "../components/states"
import { useInvoiceOrder, useOrderReceivable } from "../hooks/api/order-receivable"
import { useStageNames } from "../hooks/api/stage-names"
import { useLanguage } from "../hooks/use-language"
import {
  awaitingLabel,
  daysOverdue,
  daysOverdueLabel,
  enumLabel,
  formatCount,
  formatDate,
  formatMoney,
  formatNextAction,
  overdueColor,
} from "../lib/format"
import { plural, type Language } from "../lib/i18n"
import type { OrderReceivableProposal, Receivable, TermsStart } from "../lib/types"

const STATUS_COLOR = { open: "orange", paid: "green", void: "grey", written_off: "red" } as const

/**
 * The order's receivable on the order page: when it is due (or what its terms wait for), what is still
 * open, where dunning stands; the customer's credit hold, and whether the order was placed while it was in
 * force. An order that is not on terms says why, and can be chased as an invoice by hand.
 */
const OrderReceivableWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, error, refetch } = useOrderReceivable(order.id)
  const receivable = data?.receivable
  const stageName = useStageNames()
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <Container className="divide-y p-0" data-testid="dunning-order-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("order.title")}</Heading>
        {receivable && (
          <Badge size="2xsmall" color={STATUS_COLOR[receivable.status]}>
            {enumLabel(lang, "receivableStatus", receivable.status)}
          </Badge>
        )}
      </div>
      <OrderCreditHold customerId={order.customer_id ?? receivable?.customer_id ?? null} mark={receivable?.metadata?.credit_hold ?? null} />
      {isLoading && <LoadingRows rows={3} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data?.proposal && !receivable && <NotInvoiced orderId={order.id} proposal={data.proposal} />}
      {receivable && (
        <div className="flex flex-col gap-y-2 px-6 py-4 text-sm">
          <Row label={t("order.invoice")} value={receivable.number} />
          <Row label={t("order.due")} value={<DueDate receivable={receivable} />} />
          <Row label={t("order.amount")} value={formatMoney(receivable.amount, receivable.currency_code, locale)} />
          <Row
            label={t("order.outstanding")}
            value={formatMoney(receivable.outstanding_amount ?? receivable.amount - receivable.amount_paid, receivable.currency_code, locale)}
          />
          <Row label={t("order.stage")} value={receivable.stage ? stageName(receivable.stage) : t("order.noNoticeYet")} />
          <Row label={t("order.noticesSent")} value={formatCount(receivable.notices_sent, locale)} />
          <Row label={t("order.lastNotice")} value={formatDate(receivable.last_notice_at, locale)} />
          <Row label={t("order.nextNotice")} value={nextNotice(receivable, lang)} />
          <div className="mt-2 flex items-center justify-between gap-x-2">
            <Link to={`/customers/${receivable.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover text-sm">
              {t("order.customerHistory")}
            </Link>
            <PdfDownload path={`/admin/dunning/receivables/${receivable.id}/document`} label={t("documents.invoicePdf")} testId="order-invoice-pdf" />
          </div>
        </div>
      )}
    </Container>
  )
}

/** The due date with how late it is, or, while the terms wait for the order's shipment or delivery, the terms. */
const DueDate = ({ receivable }: { receivable: Receivable }) => {
  const lang = useLanguage()
  if (receivable.due_at) {
    return (
      <span className="flex items-center gap-x-2">
        {formatDate(receivable.due_at, lang.locale)}
        {receivable.status === "open" && (
          <Badge size="2xsmall" color={overdueColor(daysOverdue(receivable.due_at))}>
            {daysOverdueLabel(daysOverdue(receivable.due_at), lang)}
          </Badge>
        )}
      </span>
    )
  }
  return (
    <span className="flex items-center gap-x-2">
      {termsText(receivable.terms_days ?? null, receivable.terms_start ?? "shipment", lang)}
      <Badge size="2xsmall" color="grey">
        {awaitingLabel(receivable.terms_start, lang)}
      </Badge>
    </span>
  )
}

/** When the next notice goes out, or what holds it back. */
function nextNotice(receivable: Receivable, lang: Language): string {
  const { t, locale } = lang
  if (receivable.hold_until && new Date(receivable.hold_until).getTime() > Date.now()) {
    return t("customer.invoices.heldUntil", { date: formatDate(receivable.hold_until, locale) })
  }
  if (receivable.status !== "open") {
    return "–"
  }
  if (receivable.hold_reason?.startsWith("order-change:")) {
    return t("customer.invoices.onHold", { reason: receivable.hold_reason.slice("order-change:".length) })
  }
  if (receivable.hold_reason?.startsWith("dispute:")) {
    return t("order.onHoldDisputed")
  }
  if (!receivable.due_at) {
    return t(receivable.terms_start === "delivery" ? "order.afterFirstDelivery" : "order.afterFirstShipment")
  }
  return formatNextAction(receivable.next_action_at, lang, receivable.due_for_next_run)
}

/** "net 30 days from the first shipment": the terms an invoice has or would get. */
function termsText(days: number | null, start: TermsStart, lang: Language): string {
  const key = `order.terms.${start === "order" || start === "delivery" ? start : "shipment"}`
  return days === null ? lang.t(`${key}.from`) : plural(lang, `${key}.net`, days)
}

/** An order without a receivable: why it is not on terms, and the admin's way to chase it as an invoice anyway. */
const NotInvoiced = ({ orderId, proposal }: { orderId: string; proposal: OrderReceivableProposal }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const invoice = useInvoiceOrder(orderId)
  const terms = termsText(proposal.terms_days, proposal.terms_start, lang)
  const onTerms = proposal.due_at
    ? t("order.onTermsDue", { terms, date: formatDate(proposal.due_at, locale) })
    : t(proposal.terms_start === "order" ? "order.onTerms" : "order.onTermsWaiting", { terms })
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="dunning-order-not-invoiced">
      <div className="flex flex-col gap-y-1">
        <Text size="small" weight="plus">
          {t("order.notChased")}
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          {proposal.not_invoiceable_because ?? proposal.not_on_terms_because ?? t("order.noReceivable")}
        </Text>
      </div>
      {!proposal.not_invoiceable_because && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" className="text-ui-fg-subtle">
            {onTerms}
          </Text>
          <Button
            size="small"
            variant="secondary"
            isLoading={invoice.isPending}
            onClick={() =>
              invoice.mutate(undefined, {
                onSuccess: () => toast.success(t("order.chased")),
                onError: (e) => toast.error(errorMessage(e, t)),
              })
            }
          >
            {t("order.chase")}
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
