import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { EllipsisHorizontal } from "@medusajs/icons"
import { Badge, Button, Container, DropdownMenu, Heading, IconButton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useStageNames } from "../hooks/api/stage-names"
import { CollectionLinks } from "../components/collection-links"
import { CustomerActionDrawer, type CustomerAction } from "../components/customer-actions"
import { NoticeDrawer } from "../components/notice-drawer"
import { EmptyState, ErrorState, LoadingRows, errorMessage } from "../components/states"
import {
  useAdminUsers,
  useCollectionEvents,
  useCollectionProfile,
  useCollectionSummary,
  useReceivables,
  useReleaseHold,
  useSendNextReminder,
  useUpdateFollowUp,
} from "../hooks/api/customer-collections"
import {
  awaitingLabel,
  daysOverdue,
  daysOverdueLabel,
  formatDate,
  formatDateTime,
  formatDays,
  formatMoney,
  formatNextAction,
  formatPercent,
  humanize,
  overdueColor,
  userName,
} from "../lib/format"
import type { CollectionEvent, CollectionSummary, Receivable } from "../lib/types"

const PAGE = 10

/**
 * The account rep's view of a business customer: how the customer pays (collection averages), what is
 * open and overdue, the history of notices, claims, calls, promises and disputes, and every action.
 */
const CustomerCollectionsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [action, setAction] = useState<CustomerAction | null>(null)
  const [noticeId, setNoticeId] = useState<string | null>(null)
  const summary = useCollectionSummary(customer.id)
  const receivables = useReceivables({ customer_id: customer.id, status: "open", limit: 200, order: "due_at" })
  const profile = useCollectionProfile(customer.id)
  const open = receivables.data?.receivables ?? []
  const onHold = open.some((r) => r.hold_until && new Date(r.hold_until).getTime() > Date.now())

  return (
    <div className="flex flex-col gap-y-3" data-testid="dunning-customer-widget">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h2">Collections</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              How this customer pays, over the last 12 months
            </Text>
          </div>
          <CustomerActions customerId={customer.id} onHold={onHold} hasOpen={open.length > 0} onAction={setAction} />
        </div>
        {summary.isLoading && <LoadingRows rows={4} />}
        {summary.error && <ErrorState error={summary.error} onRetry={() => summary.refetch()} />}
        {summary.data && <SummaryGrid summary={summary.data.collection_summary} />}
      </Container>

      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h2">Open invoices</Heading>
          {profile.data?.collection_profile?.do_not_dun && <Badge color="orange">Do not dun</Badge>}
        </div>
        {receivables.isLoading && <LoadingRows />}
        {receivables.error && <ErrorState error={receivables.error} onRetry={() => receivables.refetch()} />}
        {receivables.data && (open.length ? <OpenReceivables receivables={open} /> : <EmptyState title="Nothing open" description="This customer owes nothing right now." />)}
      </Container>

      <History customerId={customer.id} onOpenNotice={setNoticeId} />

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
  onAction,
}: {
  customerId: string
  onHold: boolean
  hasOpen: boolean
  onAction: (action: CustomerAction) => void
}) => {
  const prompt = usePrompt()
  const send = useSendNextReminder(customerId)
  const release = useReleaseHold(customerId)
  const sendNow = async () => {
    const confirmed = await prompt({
      title: "Send the next reminder now?",
      description: "The customer gets one notice listing every overdue invoice, at the next stage. It goes out at most once a day.",
      confirmText: "Send now",
      cancelText: "Cancel",
    })
    if (!confirmed) {
      return
    }
    send.mutate(undefined, {
      onSuccess: (result) => {
        const created = result.totals.notices_created
        if (created > 0) {
          toast.success("Reminder created; it is being sent")
        } else {
          const reasons = Object.entries(result.totals.skipped ?? {})
            .filter(([, n]) => n > 0)
            .map(([reason]) => humanize(reason))
          toast.info(reasons.length ? `No reminder: ${reasons.join(", ").toLowerCase()}` : "Nothing is due for a reminder")
        }
      },
      onError: (e) => toast.error(errorMessage(e)),
    })
  }
  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton size="small" variant="transparent" aria-label="Collection actions">
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Item onClick={() => onAction("call")}>Log a call</DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("promise")} disabled={!hasOpen}>
          Record a promise to pay
        </DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("dispute")} disabled={!hasOpen}>
          Open a dispute
        </DropdownMenu.Item>
        <DropdownMenu.Item onClick={() => onAction("resolve")} disabled={!hasOpen}>
          Resolve a dispute
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        {onHold ? (
          <DropdownMenu.Item
            onClick={() =>
              release.mutate({}, { onSuccess: () => toast.success("Dunning resumed"), onError: (e) => toast.error(errorMessage(e)) })
            }
          >
            Resume dunning
          </DropdownMenu.Item>
        ) : (
          <DropdownMenu.Item onClick={() => onAction("hold")} disabled={!hasOpen}>
            Hold dunning
          </DropdownMenu.Item>
        )}
        <DropdownMenu.Item onClick={sendNow} disabled={!hasOpen || send.isPending}>
          Send next reminder now
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item onClick={() => onAction("profile")}>Edit collection profile</DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}

const SummaryGrid = ({ summary }: { summary: CollectionSummary }) => {
  if (!summary.has_history) {
    return <EmptyState title="No payment history yet" description="Figures appear once this customer has invoices on terms." />
  }
  const paid = summary.paid_count > 0
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="collection-summary">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
        <Figure label="Collection average" value={paid ? formatDays(summary.collection_average_days) : "no payments yet"} testId="collection-average" />
        <Figure label="Average days late" value={paid ? formatDays(summary.average_days_late) : "–"} />
        <Figure label="Paid on time" value={paid ? formatPercent(summary.on_time_rate) : "–"} />
        <Figure
          label="Oldest overdue"
          value={summary.oldest_overdue_days != null ? daysOverdueLabel(summary.oldest_overdue_days) : "nothing overdue"}
        />
        <Figure label="Notices sent" value={`${summary.notices_sent}${summary.notices_failed ? ` (${summary.notices_failed} failed)` : ""}`} />
        <Figure
          label="Promises kept"
          value={summary.promises.made ? `${summary.promises.kept} of ${summary.promises.kept + summary.promises.broken}${summary.promises.open ? `, ${summary.promises.open} pending` : ""}` : "none made"}
        />
      </div>
      {summary.currencies.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Outstanding</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Overdue</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {summary.currencies.map((c) => (
              <Table.Row key={c.currency_code}>
                <Table.Cell>{c.currency_code.toUpperCase()}</Table.Cell>
                <Table.Cell className="text-right">
                  {formatMoney(c.outstanding, c.currency_code)} ({c.open_count})
                </Table.Cell>
                <Table.Cell className="text-right">
                  <span className={c.overdue > 0 ? "text-ui-fg-error" : undefined}>{formatMoney(c.overdue, c.currency_code)}</span> ({c.overdue_count})
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Text size="xsmall" className="text-ui-fg-subtle">
        Last payment {formatDate(summary.last_payment_at)} · last notice {formatDate(summary.last_notice_at)} · next action{" "}
        {formatDate(summary.next_action_at)}
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
  return (
  <Table data-testid="open-receivables">
    <Table.Header>
      <Table.Row>
        <Table.HeaderCell>Invoice</Table.HeaderCell>
        <Table.HeaderCell>Due</Table.HeaderCell>
        <Table.HeaderCell>Stage</Table.HeaderCell>
        <Table.HeaderCell>Next action</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Outstanding</Table.HeaderCell>
      </Table.Row>
    </Table.Header>
    <Table.Body>
      {receivables.map((r) => {
        const days = r.due_at ? daysOverdue(r.due_at) : 0
        const held = r.hold_until && new Date(r.hold_until).getTime() > Date.now()
        return (
          <Table.Row key={r.id}>
            <Table.Cell>{r.number}</Table.Cell>
            <Table.Cell>
              <div className="flex items-center gap-x-2">
                {r.due_at ? (
                  <>
                    {formatDate(r.due_at)}
                    <Badge size="2xsmall" color={overdueColor(days)}>
                      {daysOverdueLabel(days)}
                    </Badge>
                  </>
                ) : (
                  <Badge size="2xsmall" color="grey">
                    {awaitingLabel(r.terms_start)}
                  </Badge>
                )}
              </div>
            </Table.Cell>
            <Table.Cell>{stageName(r.stage)}</Table.Cell>
            <Table.Cell>
              {held ? (
                <Badge size="2xsmall" color="orange" title={r.hold_reason ?? undefined}>
                  held until {formatDate(r.hold_until)}
                </Badge>
              ) : r.hold_reason?.startsWith("order-change:") ? (
                // held until nothing is open on the order any more: the reason says what is open
                <Badge size="2xsmall" color="orange">
                  on hold: {r.hold_reason.slice("order-change:".length)}
                </Badge>
              ) : r.hold_reason?.startsWith("dispute:") ? (
                // not chased until the dispute is resolved, so there is no date to show
                <Badge size="2xsmall" color="orange">
                  disputed
                </Badge>
              ) : (
                formatNextAction(r.next_action_at, undefined, r.due_for_next_run)
              )}
            </Table.Cell>
            <Table.Cell className="text-right">{formatMoney(r.outstanding_amount ?? r.amount - r.amount_paid, r.currency_code)}</Table.Cell>
          </Table.Row>
        )
      })}
    </Table.Body>
  </Table>
  )
}

const EVENT_COLOR: Record<string, "red" | "green" | "orange" | "blue" | "purple" | "grey"> = {
  claim_for_non_payment: "red",
  escalated: "red",
  delivery_failed: "red",
  payment_received: "green",
  dispute_resolved: "green",
  hold_released: "green",
  promise_to_pay: "blue",
  dispute_opened: "orange",
  hold_placed: "orange",
  payment_refunded: "orange",
  call_logged: "purple",
  note: "grey",
}

const EVENT_LABEL: Record<string, string> = { claim_for_non_payment: "Claim for Non-Payment" }

const History = ({ customerId, onOpenNotice }: { customerId: string; onOpenNotice: (id: string) => void }) => {
  const [offset, setOffset] = useState(0)
  const events = useCollectionEvents(customerId, { limit: PAGE, offset })
  const users = useAdminUsers()
  const update = useUpdateFollowUp()
  const names = new Map((users.data?.users ?? []).map((u: any) => [u.id, userName(u)]))
  const count = events.data?.count ?? 0
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Collection history</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {count} {count === 1 ? "event" : "events"}
        </Text>
      </div>
      {events.isLoading && <LoadingRows rows={5} />}
      {events.error && <ErrorState error={events.error} onRetry={() => events.refetch()} />}
      {events.data && events.data.collection_events.length === 0 && (
        <EmptyState title="No collection events yet" description="Notices, calls, promises and payments will show up here." />
      )}
      {events.data && events.data.collection_events.length > 0 && (
        <ul className="divide-y" data-testid="collection-events">
          {events.data.collection_events.map((event) => (
            <EventRow
              key={event.id}
              event={event}
              assignee={event.assigned_to ? names.get(event.assigned_to) ?? event.assigned_to : null}
              onOpenNotice={onOpenNotice}
              onDone={() =>
                update.mutate(
                  { id: event.id, follow_up_status: "done" },
                  { onSuccess: () => toast.success("Follow-up done"), onError: (e) => toast.error(errorMessage(e)) }
                )
              }
            />
          ))}
        </ul>
      )}
      {count > PAGE && (
        <div className="flex items-center justify-between px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {offset + 1}–{Math.min(offset + PAGE, count)} of {count}
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Newer
            </Button>
            <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
              Older
            </Button>
          </div>
        </div>
      )}
    </Container>
  )
}

const EventRow = ({
  event,
  assignee,
  onOpenNotice,
  onDone,
}: {
  event: CollectionEvent
  assignee: string | null
  onOpenNotice: (id: string) => void
  onDone: () => void
}) => (
  <li className="flex flex-col gap-y-1 px-6 py-3" data-event-type={event.type}>
    <div className="flex flex-wrap items-center justify-between gap-2">
      <div className="flex items-center gap-x-2">
        <Badge size="2xsmall" color={EVENT_COLOR[event.type] ?? "grey"}>
          {EVENT_LABEL[event.type] ?? humanize(event.type)}
        </Badge>
        <Text size="small" weight="plus">
          {event.title}
        </Text>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {formatDateTime(event.occurred_at)}
        {event.author_type === "system" ? " · automatic" : ""}
      </Text>
    </div>
    {event.author_type === "customer" && (
      <div className="flex items-center gap-x-2" data-testid="customer-answer">
        <Badge size="2xsmall" color="purple">
          From the customer
        </Badge>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {event.metadata?.answered_via === "storefront" ? "answered by the customer on the storefront" : "answered by the customer via the notice link"}
        </Text>
      </div>
    )}
    {event.note && (
      <Text size="small" className="text-ui-fg-subtle whitespace-pre-wrap">
        {event.note}
      </Text>
    )}
    {event.type === "promise_to_pay" && event.promised_date && (
      <Text size="small">
        Promised {event.promised_amount != null && event.promised_currency_code ? `${formatMoney(event.promised_amount, event.promised_currency_code)} ` : ""}
        by {formatDate(event.promised_date)}
      </Text>
    )}
    {event.outcome && <Text size="small">Outcome: {humanize(event.outcome)}</Text>}
    <div className="flex flex-wrap items-center gap-2">
      {event.receivable_ids && event.receivable_ids.length > 0 && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {event.receivable_ids.length} {event.receivable_ids.length === 1 ? "invoice" : "invoices"}
        </Text>
      )}
      {event.follow_up_status && (
        <Badge size="2xsmall" color={event.follow_up_status === "open" ? "orange" : "green"}>
          {event.follow_up_status === "open" ? "Follow-up open" : "Follow-up done"}
          {assignee ? ` · ${assignee}` : ""}
          {event.follow_up_status === "open" && event.follow_up_due_at ? ` · by ${formatDate(event.follow_up_due_at)}` : ""}
        </Badge>
      )}
      {event.notice_id && (
        <Button size="small" variant="transparent" onClick={() => onOpenNotice(event.notice_id!)}>
          View notice
        </Button>
      )}
      {event.follow_up_status === "open" && (
        <Button size="small" variant="secondary" onClick={onDone}>
          Mark follow-up done
        </Button>
      )}
    </div>
  </li>
)

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-plugin-dunning:customer-collections",
})

export default CustomerCollectionsWidget
