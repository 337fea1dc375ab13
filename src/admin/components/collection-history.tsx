import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useAdminUsers, useCollectionEvents, useUpdateFollowUp } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { enumLabel, formatCount, formatDate, formatDateTime, formatMoney, userName } from "../lib/format"
import { plural, type Language } from "../lib/i18n"
import type { CollectionEvent } from "../lib/types"
import { EmptyState, ErrorState, LoadingRows, errorMessage } from "./states"

const PAGE = 10

const EVENT_COLOR: Record<string, "red" | "green" | "orange" | "blue" | "purple" | "grey"> = {
  claim_for_non_payment: "red",
  escalated: "red",
  delivery_failed: "red",
  credit_hold_placed: "red",
  order_on_credit_hold: "red",
  invoice_sent: "blue",
  payment_received: "green",
  dispute_resolved: "green",
  hold_released: "green",
  credit_hold_released: "green",
  promise_to_pay: "blue",
  dispute_opened: "orange",
  hold_placed: "orange",
  payment_refunded: "orange",
  credit_hold_overridden: "orange",
  call_logged: "purple",
  note: "grey",
}

/** Every event of the customer's account, newest first: notices, calls, promises, disputes, payments, follow-ups. */
export const CollectionHistory = ({ customerId, onOpenNotice }: { customerId: string; onOpenNotice: (id: string) => void }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const [offset, setOffset] = useState(0)
  const events = useCollectionEvents(customerId, { limit: PAGE, offset })
  const users = useAdminUsers()
  const update = useUpdateFollowUp()
  const names = new Map((users.data?.users ?? []).map((u: any) => [u.id, userName(u)]))
  const count = events.data?.count ?? 0
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("customer.history.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {plural(lang, "customer.history.events", count)}
        </Text>
      </div>
      {events.isLoading && <LoadingRows rows={5} />}
      {events.error && <ErrorState error={events.error} onRetry={() => events.refetch()} />}
      {events.data && events.data.collection_events.length === 0 && (
        <EmptyState title={t("customer.history.empty")} description={t("customer.history.emptyHint")} />
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
                  { onSuccess: () => toast.success(t("customer.history.followUpDone")), onError: (e) => toast.error(errorMessage(e, t)) }
                )
              }
            />
          ))}
        </ul>
      )}
      {count > PAGE && (
        <div className="flex items-center justify-between px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {t("common.pageRange", {
              from: formatCount(offset + 1, locale),
              to: formatCount(Math.min(offset + PAGE, count), locale),
              count: formatCount(count, locale),
            })}
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t("customer.history.newer")}
            </Button>
            <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
              {t("customer.history.older")}
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
}) => {
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <li className="flex flex-col gap-y-1 px-6 py-3" data-event-type={event.type}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <Badge size="2xsmall" color={EVENT_COLOR[event.type] ?? "grey"}>
            {enumLabel(lang, "eventType", event.type)}
          </Badge>
          <Text size="small" weight="plus">
            {event.title}
          </Text>
        </div>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {[formatDateTime(event.occurred_at, locale), event.author_type === "system" ? t("customer.history.automatic") : null].filter(Boolean).join(" · ")}
        </Text>
      </div>
      {event.author_type === "customer" && (
        <div className="flex items-center gap-x-2" data-testid="customer-answer">
          <Badge size="2xsmall" color="purple">
            {t("customer.history.fromCustomer")}
          </Badge>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t(event.metadata?.answered_via === "storefront" ? "customer.history.answeredOnStorefront" : "customer.history.answeredViaLink")}
          </Text>
        </div>
      )}
      {event.note && (
        <Text size="small" className="text-ui-fg-subtle whitespace-pre-wrap">
          {event.note}
        </Text>
      )}
      {event.type === "promise_to_pay" && event.promised_date && <Text size="small">{promiseText(event, lang)}</Text>}
      {event.outcome && <Text size="small">{t("customer.history.outcome", { outcome: enumLabel(lang, "callOutcome", event.outcome) })}</Text>}
      <div className="flex flex-wrap items-center gap-2">
        {event.receivable_ids && event.receivable_ids.length > 0 && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {plural(lang, "customer.history.invoices", event.receivable_ids.length)}
          </Text>
        )}
        {event.follow_up_status && (
          <Badge size="2xsmall" color={event.follow_up_status === "open" ? "orange" : "green"}>
            {followUpText(event, assignee, lang)}
          </Badge>
        )}
        {event.notice_id && (
          <Button size="small" variant="transparent" onClick={() => onOpenNotice(event.notice_id!)}>
            {t("customer.history.viewNotice")}
          </Button>
        )}
        {event.follow_up_status === "open" && (
          <Button size="small" variant="secondary" onClick={onDone}>
            {t("customer.history.markDone")}
          </Button>
        )}
      </div>
    </li>
  )
}

/** "Promised €800.00 by Dec 8, 2026" */
function promiseText(event: CollectionEvent, { t, locale }: Language): string {
  const date = formatDate(event.promised_date, locale)
  return event.promised_amount != null && event.promised_currency_code
    ? t("customer.history.promisedAmount", { amount: formatMoney(event.promised_amount, event.promised_currency_code, locale), date })
    : t("customer.history.promised", { date })
}

/** "Follow-up open · Avery Admin · by Dec 8, 2026" */
function followUpText(event: CollectionEvent, assignee: string | null, { t, locale }: Language): string {
  const open = event.follow_up_status === "open"
  return [
    t(open ? "customer.history.followUpOpen" : "customer.history.followUpDone"),
    assignee,
    open && event.follow_up_due_at ? t("customer.history.followUpBy", { date: formatDate(event.follow_up_due_at, locale) }) : null,
  ]
    .filter(Boolean)
    .join(" · ")
}
