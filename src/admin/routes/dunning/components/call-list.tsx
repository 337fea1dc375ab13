import { Badge, Container, Heading, Table } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useAdminUsers } from "../../../hooks/api/customer-collections"
import { useFollowUps } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { customerLabel, daysOverdueLabel, enumLabel, formatMoney, userName } from "../../../lib/format"
import { plural } from "../../../lib/i18n"
import { ALL, Filter } from "./filter"
import { PAGE, Pager } from "./pager"

/** The follow-ups that need a person (claims, escalations, failed deliveries), by assignee, most urgent first. */
export const CallList = () => {
  const lang = useLanguage()
  const { t, locale } = lang
  const users = useAdminUsers()
  const [assignee, setAssignee] = useState(ALL)
  const [order, setOrder] = useState("-amount_overdue")
  const [offset, setOffset] = useState(0)
  const params = { order, limit: PAGE, offset, ...(assignee !== ALL ? { assigned_to: assignee } : {}) }
  const { data, isLoading, error, refetch } = useFollowUps(params)
  const names = new Map((users.data?.users ?? []).map((u: any) => [u.id, userName(u)]))
  return (
    <Container className="divide-y p-0" data-testid="call-list">
      <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <Heading level="h2">{t("calls.title")}</Heading>
        <div className="flex gap-x-3">
          <Filter label={t("calls.assignee")} value={assignee} onChange={(v) => { setAssignee(v); setOffset(0) }} options={[
            { value: ALL, label: t("calls.everyone") },
            { value: "unassigned", label: t("calls.unassigned") },
            ...(users.data?.users ?? []).map((u: any) => ({ value: u.id, label: names.get(u.id) as string })),
          ]} />
          <Filter label={t("calls.sortBy")} value={order} onChange={(v) => { setOrder(v); setOffset(0) }} options={[
            { value: "-amount_overdue", label: t("calls.sort.amount") },
            { value: "age", label: t("calls.sort.oldest") },
            { value: "-age", label: t("calls.sort.newest") },
            { value: "due", label: t("calls.sort.due") },
          ]} />
        </div>
      </div>
      {isLoading && <LoadingRows rows={5} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data && data.follow_ups.length === 0 && <EmptyState title={t("calls.empty")} description={t("calls.emptyHint")} />}
      {data && data.follow_ups.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("calls.customer")}</Table.HeaderCell>
              <Table.HeaderCell>{t("calls.followUp")}</Table.HeaderCell>
              <Table.HeaderCell>{t("calls.overdue")}</Table.HeaderCell>
              <Table.HeaderCell>{t("calls.age")}</Table.HeaderCell>
              <Table.HeaderCell>{t("calls.assignee")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.follow_ups.map((f) => (
              <Table.Row key={f.id}>
                <Table.Cell>
                  <Link to={`/customers/${f.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                    {customerLabel(f.customer, lang)}
                  </Link>
                </Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2">
                    <Badge size="2xsmall" color={f.type === "claim_for_non_payment" || f.type === "escalated" ? "red" : "orange"}>
                      {enumLabel(lang, "eventType", f.type)}
                    </Badge>
                    <span className="max-w-xs truncate">{f.title}</span>
                  </div>
                </Table.Cell>
                <Table.Cell>
                  {f.overdue.length
                    ? f.overdue.map((o) => (
                        <div key={o.currency_code}>
                          {formatMoney(o.amount, o.currency_code, locale)}{" "}
                          <span className="text-ui-fg-subtle">({daysOverdueLabel(o.oldest_days_overdue, lang)})</span>
                        </div>
                      ))
                    : "–"}
                </Table.Cell>
                <Table.Cell>{f.age_days === 0 ? t("calls.today") : plural(lang, "calls.ageDays", f.age_days)}</Table.Cell>
                <Table.Cell>{f.assigned_to ? names.get(f.assigned_to) ?? f.assigned_to : "–"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {data && <Pager offset={offset} count={data.count} onChange={setOffset} />}
    </Container>
  )
}
