import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { EllipsisHorizontal } from "@medusajs/icons"
import { Badge, Container, DropdownMenu, Heading, IconButton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { CollectionHistory } from "../components/collection-history"
import { CollectionLinks } from "../components/collection-links"
import { CreditHoldBanner } from "../components/credit-hold-banner"
import { CustomerRiskPanel } from "../components/customer-risk"
import { CustomerActionDrawer, type CustomerAction } from "../components/customer-actions"
import { NoticeDrawer } from "../components/notice-drawer"
import { PdfDownload } from "../components/pdf-download"
import { EmptyState, ErrorState, LoadingRows, errorMessage } from "../components/states"
import {
  useCollectionProfile,
  useCollectionSummary,
  useReceivables,
  useReleaseHold,
  useSendNextReminder,
} from "../hooks/api/customer-collections"
import { useCreditHold } from "../hooks/api/credit-hold"
import { useStageNames } from "../hooks/api/stage-names"
import { useLanguage } from "../hooks/use-language"
import {
  awaitingLabel,
  daysOverdue,
  daysOverdueLabel,
  enumLabel,
  formatCount,
  formatDate,
  formatDays,
  formatMoney,
  formatNextAction,
  formatPercent,
  overdueColor,
} from "../lib/format"
import { plural } from "../lib/i18n"
import type { CollectionSummary, CreditHold, Receivable } from "../lib/types"

/**
 * The account rep's view of a business customer: a credit hold first, in red; how the customer pays
 * (collection averages), what is open and overdue, the history of notices, claims, calls, promises and
 * disputes, and every action.
 */
const CustomerCollectionsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useLanguage()
  const [action, setAction] = useState<CustomerAction | null>(null)
  const [noticeId, setNoticeId] = useState<string | null>(null)
  const summary = useCollectionSummary(customer.id)
  const receivables = useReceivables({ customer_id: customer.id, status: "open", limit: 200, order: "due_at" })
  const profile = useCollectionProfile(customer.id)
  const creditHold = useCreditHold(customer.id)
  const open = receivables.data?.receivables ?? []
  const onHold = open.some((r) => r.hold_until && new Date(r.hold_until).getTime() > Date.now())

  return (
    <div className="flex flex-col gap-y-3" data-testid="dunning-customer-widget">
      <CreditHoldBanner customerId={customer.id} onLift={() => setAction("liftCreditHold")} />
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h2">{t("customer.title")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {t("customer.subtitle")}
            </Text>
          </div>
          <CustomerActions
            customerId={customer.id}
            onHold={onHold}
            hasOpen={open.length > 0}
            creditHold={creditHold.data?.credit_hold ?? null}
            onAction={setAction}
          />
        </div>
        {summary.isLoading && <LoadingRows rows={4} />}
        {summary.error && <ErrorState error={summary.error} onRetry={() => summary.refetch()} />}
        {summary.data && <SummaryGrid summary={summary.data.collection_summary} />}
      </Container>

      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h2">{t("customer.invoices.title")}</Heading>
          <div className="flex items-center gap-x-2">
            {profile.data?.collection_profile?.do_not_dun && <Badge color="orange">{t("customer.invoices.doNotDun")}</Badge>}
            <PdfDownload path={`/admin/customers/${customer.id}/statement.pdf`} label={t("documents.statementPdf")} testId="customer-statement-pdf" />
          </div>
        </div>
        {receivables.isLoading && <LoadingRows />}
        {receivables.error && <ErrorState error={receivables.error} onRetry={() => receivables.refetch()} />}
        {receivables.data && (open.length ? <OpenReceivables receivables={open} /> : <EmptyState title={t("customer.invoices.empty")} description={t("customer.invoices.emptyHint")} />)}
      </Container>

      <CustomerRiskPanel customerId={customer.id} />

      <CollectionHistory customerId={customer.id} onOpenNotice={setNoticeId} />

      <CollectionLinks customerId={customer.id} />

      <CustomerActionDrawer
        action={action}
        customerId={customer.id}
        receivables={open}
        profile={profile.data?.collection_profile ?? null}
        onClose={() => setAction(null)}
      />
      <NoticeDrawer noticeId={noticeId} onClose={() => setNoticeId(null)} />
    </div>
  )
}

const CustomerActions = ({
  customerId,
  onHold,
  hasOpen,
  creditHold,
  onAction,
}: {
  customerId: string
  onHold: boolean
  hasOpen: boolean
  creditHold: CreditHold | null
  onAction: (action: CustomerAction) => void
}) => {
  const { t } = useLanguage()
  const release = useReleaseHold(customerId)
  const send = useSendNextReminder(customerId)
  const sendNow = useSendNow(send)
  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton size="small" variant="transparent" aria-label={t("customer.actions.menu")}>
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Item onClick={() => onAction("call")}>{t("customer.actions.call")}</DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("promise")} disabled={!hasOpen}>
          {t("customer.actions.promise")}
        </DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("dispute")} disabled={!hasOpen}>
          {t("customer.actions.dispute")}
        </DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("resolve")} disabled={!hasOpen}>
          {t("customer.actions.resolve")}
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        {onHold ? (
          <DropdownMenu.Item
            onClick={() =>
              release.mutate({}, { onSuccess: () => toast.success(t("customer.actions.resumed")), onError: (e) => toast.error(errorMessage(e, t)) })
            }
          >
            {t("customer.actions.resume")}
          </DropdownMenu.Item>
        ) : (
          <DropdownMenu.Item onClick={() => onAction("hold")} disabled={!hasOpen}>
            {t("customer.actions.hold")}
          </DropdownMenu.Item>
        )}
        <DropdownMenu.Item onClick={sendNow} disabled={!hasOpen || send.isPending}>
          {t("customer.actions.sendNow")}
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item onClick={() => onAction("creditHold")} disabled={creditHold?.source === "manual"}>
          {t("creditHold.place.action")}
        </DropdownMenu.Item>
        {creditHold && <DropdownMenu.Item onClick={() => onAction("liftCreditHold")}>{t("creditHold.lift.action")}</DropdownMenu.Item>}
        <DropdownMenu.Separator />
        <DropdownMenu.Item onClick={() => onAction("profile")}>{t("customer.actions.profile")}</DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}

/** "Send next reminder now": asks first, then says what the run did (a reminder, or why none was due). */
function useSendNow(send: ReturnType<typeof useSendNextReminder>) {
  const lang = useLanguage()
  const { t } = lang
  const prompt = usePrompt()
  return async () => {
    const confirmed = await prompt({
      title: t("customer.sendNow.title"),
      description: t("customer.sendNow.description"),
      confirmText: t("customer.sendNow.confirm"),
      cancelText: t("common.cancel"),
    })
    if (!confirmed) {
      return
    }
    send.mutate(undefined, {
      onSuccess: (result) => {
        if (result.totals.notices_created > 0) {
          toast.success(t("customer.sendNow.created"))
          return
        }
        const reasons = Object.entries(result.totals.skipped ?? {})
          .filter(([, n]) => n > 0)
          .map(([reason]) => enumLabel(lang, "skipReason", reason))
        toast.info(reasons.length ? t("customer.sendNow.skipped", { reasons: reasons.join(", ") }) : t("customer.sendNow.nothingDue"))
      },
      onError: (e) => toast.error(errorMessage(e, t)),
    })
  }
}

const SummaryGrid = ({ summary }: { summary: CollectionSummary }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  if (!summary.has_history) {
    return <EmptyState title={t("customer.summary.noHistory")} description={t("customer.summary.noHistoryHint")} />
  }
  const paid = summary.paid_count > 0
  const { made, kept, broken, open } = summary.promises
  const promises = !made
    ? t("customer.summary.noneMade")
    : t(open ? "customer.summary.keptOfPending" : "customer.summary.keptOf", {
        kept: formatCount(kept, locale),
        total: formatCount(kept + broken, locale),
        pending: plural(lang, "customer.summary.pending", open),
      })
  const sent = formatCount(summary.notices_sent, locale)
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="collection-summary">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
        <Figure
          label={t("customer.summary.collectionAverage")}
          value={paid ? formatDays(summary.collection_average_days, lang) : t("customer.summary.noPaymentsYet")}
          testId="collection-average"
        />
        <Figure label={t("customer.summary.averageDaysLate")} value={paid ? formatDays(summary.average_days_late, lang) : "–"} />
        <Figure label={t("customer.summary.paidOnTime")} value={paid ? formatPercent(summary.on_time_rate, locale) : "–"} />
        <Figure
          label={t("customer.summary.oldestOverdue")}
          value={summary.oldest_overdue_days != null ? daysOverdueLabel(summary.oldest_overdue_days, lang) : t("customer.summary.nothingOverdue")}
        />
        <Figure
          label={t("customer.summary.noticesSent")}
          value={summary.notices_failed ? t("customer.summary.sentAndFailed", { sent, failed: plural(lang, "customer.summary.failed", summary.notices_failed) }) : sent}
        />
        <Figure label={t("customer.summary.promisesKept")} value={promises} />
      </div>
      {summary.currencies.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("customer.summary.currency")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("customer.summary.outstanding")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("customer.summary.overdue")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {summary.currencies.map((c) => (
              <Table.Row key={c.currency_code}>
                <Table.Cell>{c.currency_code.toUpperCase()}</Table.Cell>
                <Table.Cell className="text-right">
                  {formatMoney(c.outstanding, c.currency_code, locale)} ({formatCount(c.open_count, locale)})
                </Table.Cell>
                <Table.Cell className="text-right">
                  <span className={c.overdue > 0 ? "text-ui-fg-error" : undefined}>{formatMoney(c.overdue, c.currency_code, locale)}</span>{" "}
                  ({formatCount(c.overdue_count, locale)})
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("customer.summary.footer", {
          lastPayment: formatDate(summary.last_payment_at, locale),
          lastNotice: formatDate(summary.last_notice_at, locale),
          nextAction: formatDate(summary.next_action_at, locale),
        })}
      </Text>
    </div>
  )
}

const Figure = ({ label, value, testId }: { label: string; value: string; testId?: string }) => (
  <div className="flex flex-col gap-y-1" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus">
      {value}
    </Text>
  </div>
)

const OpenReceivables = ({ receivables }: { receivables: Receivable[] }) => {
  const stageName = useStageNames()
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <Table data-testid="open-receivables">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>{t("customer.invoices.invoice")}</Table.HeaderCell>
          <Table.HeaderCell>{t("customer.invoices.due")}</Table.HeaderCell>
          <Table.HeaderCell>{t("customer.invoices.stage")}</Table.HeaderCell>
          <Table.HeaderCell>{t("customer.invoices.nextAction")}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("customer.invoices.outstanding")}</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {receivables.map((r) => {
          const days = r.due_at ? daysOverdue(r.due_at) : 0
          return (
            <Table.Row key={r.id}>
              <Table.Cell>{r.number}</Table.Cell>
              <Table.Cell>
                <div className="flex items-center gap-x-2">
                  {r.due_at ? (
                    <>
                      {formatDate(r.due_at, locale)}
                      <Badge size="2xsmall" color={overdueColor(days)}>
                        {daysOverdueLabel(days, lang)}
                      </Badge>
                    </>
                  ) : (
                    <Badge size="2xsmall" color="grey">
                      {awaitingLabel(r.terms_start, lang)}
                    </Badge>
                  )}
                </div>
              </Table.Cell>
              <Table.Cell>{stageName(r.stage)}</Table.Cell>
              <Table.Cell>
                <NextAction receivable={r} />
              </Table.Cell>
              <Table.Cell className="text-right">{formatMoney(r.outstanding_amount ?? r.amount - r.amount_paid, r.currency_code, locale)}</Table.Cell>
            </Table.Row>
          )
        })}
      </Table.Body>
    </Table>
  )
}

/** When dunning next acts on an open invoice, or why it does not: held until a date, an open order change, a dispute. */
const NextAction = ({ receivable: r }: { receivable: Receivable }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  if (r.hold_until && new Date(r.hold_until).getTime() > Date.now()) {
    return (
      <Badge size="2xsmall" color="orange" title={r.hold_reason ?? undefined}>
        {t("customer.invoices.heldUntil", { date: formatDate(r.hold_until, locale) })}
      </Badge>
    )
  }
  if (r.hold_reason?.startsWith("order-change:")) {
    // held until nothing is open on the order any more: the reason says what is open
    return (
      <Badge size="2xsmall" color="orange">
        {t("customer.invoices.onHold", { reason: r.hold_reason.slice("order-change:".length) })}
      </Badge>
    )
  }
  if (r.hold_reason?.startsWith("dispute:")) {
    // not chased until the dispute is resolved, so there is no date to show
    return (
      <Badge size="2xsmall" color="orange">
        {t("customer.invoices.disputed")}
      </Badge>
    )
  }
  return <>{formatNextAction(r.next_action_at, lang, r.due_for_next_run)}</>
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-plugin-dunning:customer-collections",
})

export default CustomerCollectionsWidget
