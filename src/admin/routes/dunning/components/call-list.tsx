import { Container, Heading, Table } from "@medusajs/ui"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useAdminUsers } from "../../../hooks/api/customer-collections"
import { useFollowUps } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { userName } from "../../../lib/format"
import { ALL, Filter } from "./filter"
import { FollowUpRow } from "./follow-up-row"
import { PAGE, Pager } from "./pager"

/**
 * The follow-ups that need a person (claims, escalations, failed deliveries), by assignee and by whether the
 * customer is on credit hold, most urgent first.
 */
export const CallList = () => {
  const { t } = useLanguage()
  const users = useAdminUsers()
  const [assignee, setAssignee] = useState(ALL)
  const [creditHold, setCreditHold] = useState(ALL)
  const [order, setOrder] = useState("-amount_overdue")
  const [offset, setOffset] = useState(0)
  const params = {
    order,
    limit: PAGE,
    offset,
    ...(assignee !== ALL ? { assigned_to: assignee } : {}),
    ...(creditHold !== ALL ? { credit_hold: creditHold } : {}),
  }
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
          <Filter label={t("calls.creditHold")} value={creditHold} onChange={(v) => { setCreditHold(v); setOffset(0) }} options={[
            { value: ALL, label: t("calls.allCustomers") },
            { value: "true", label: t("calls.onCreditHold") },
            { value: "false", label: t("calls.notOnCreditHold") },
          ]} />
          <Filter label={t("calls.sortBy")} value={order} onChange={(v) => { setOrder(v); setOffset(0) }} options={[
            { value: "-amount_overdue", label: t("calls.sort.amount") },
            { value: "age", label: t("calls.sort.oldest") },
            { value: "-age", label: t("calls.sort.newest") },
            { value: "due", label: t("calls.sort.due") },
            { value: "risk", label: t("risk.sortRisk") },
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
              <FollowUpRow key={f.id} followUp={f} assignee={f.assigned_to ? names.get(f.assigned_to) ?? f.assigned_to : null} />
            ))}
          </Table.Body>
        </Table>
      )}
      {data && <Pager offset={offset} count={data.count} onChange={setOffset} />}
    </Container>
  )
}
