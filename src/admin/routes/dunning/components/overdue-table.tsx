import { Container, Heading, Input, Label, Table } from "@medusajs/ui"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useCustomerGroups, usePolicies } from "../../../hooks/api/policies"
import { useStageNames } from "../../../hooks/api/stage-names"
import { useOverdue } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { agingBucketLabel } from "../../../lib/format"
import { ALL, Filter } from "./filter"
import { HoldFilter, RiskBandFilter } from "./overdue-filters"
import { OverdueRow } from "./overdue-row"
import { PAGE, Pager } from "./pager"

/** The days-overdue filter's choices; each is named by its bounds in the admin's language. */
const BUCKETS: Record<string, { min?: number; max?: number }> = {
  all: {},
  "1-30": { min: 1, max: 30 },
  "31-60": { min: 31, max: 60 },
  "61-90": { min: 61, max: 90 },
  "91-120": { min: 91, max: 120 },
  "120+": { min: 121 },
}

/** Every overdue invoice in the store, filtered by group, currency, age, stage, hold and the customer's risk band. */
export const OverdueTable = () => {
  const lang = useLanguage()
  const { t } = lang
  const groups = useCustomerGroups()
  const policies = usePolicies()
  const stageName = useStageNames()
  const [group, setGroup] = useState(ALL)
  const [currency, setCurrency] = useState("")
  const [bucket, setBucket] = useState(ALL)
  const [stage, setStage] = useState(ALL)
  const [hold, setHold] = useState(ALL)
  const [band, setBand] = useState(ALL)
  const [offset, setOffset] = useState(0)
  const b = BUCKETS[bucket]
  const params = {
    limit: PAGE,
    offset,
    ...(group !== ALL ? { customer_group_id: group } : {}),
    ...(currency.trim().length === 3 ? { currency_code: currency.trim().toLowerCase() } : {}),
    ...(b.min !== undefined ? { min_days_overdue: b.min } : {}),
    ...(b.max !== undefined ? { max_days_overdue: b.max } : {}),
    ...(stage !== ALL ? { stage } : {}),
    ...(hold !== ALL ? { on_hold: hold === "held" } : {}),
    ...(band !== ALL ? { risk_band: band } : {}),
  }
  const { data, isLoading, error, refetch } = useOverdue(params)
  const reset = () => setOffset(0)
  return (
    <Container className="divide-y p-0" data-testid="overdue-table">
      <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <Heading level="h2">{t("overdue.title")}</Heading>
        <div className="flex flex-wrap gap-3">
          <Filter label={t("overdue.group")} value={group} onChange={(v) => { setGroup(v); reset() }} options={[
            { value: ALL, label: t("overdue.allGroups") },
            ...(groups.data?.customer_groups ?? []).map((g: any) => ({ value: g.id, label: g.name })),
          ]} />
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">{t("overdue.currency")}</Label>
            <Input size="small" className="w-20" placeholder={t("overdue.currencyExample")} value={currency} onChange={(e) => { setCurrency(e.target.value); reset() }} />
          </div>
          <Filter label={t("overdue.daysOverdue")} value={bucket} onChange={(v) => { setBucket(v); reset() }} options={Object.entries(BUCKETS).map(([value, x]) => ({
            value,
            label: x.min === undefined ? t("overdue.anyAge") : agingBucketLabel({ min_days: x.min, max_days: x.max ?? null }, lang),
          }))} />
          <Filter label={t("overdue.stage")} value={stage} onChange={(v) => { setStage(v); reset() }} options={[
            { value: ALL, label: t("overdue.anyStage") },
            ...(policies.data?.policies ?? []).flatMap((p) => p.stages.filter((x) => x.id).map((x) => ({ value: x.id!, label: stageName(x.id) }))),
          ]} />
          <HoldFilter value={hold} onChange={(v) => { setHold(v); reset() }} />
          <RiskBandFilter value={band} onChange={(v) => { setBand(v); reset() }} />
        </div>
      </div>
      {isLoading && <LoadingRows rows={6} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data && data.receivables.length === 0 && <EmptyState title={t("overdue.empty")} description={t("overdue.emptyHint")} />}
      {data && data.receivables.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("overdue.invoice")}</Table.HeaderCell>
              <Table.HeaderCell>{t("overdue.customer")}</Table.HeaderCell>
              <Table.HeaderCell>{t("overdue.due")}</Table.HeaderCell>
              <Table.HeaderCell>{t("overdue.stage")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("overdue.outstanding")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.receivables.map((r) => (
              <OverdueRow key={r.id} receivable={r} stageName={stageName} />
            ))}
          </Table.Body>
        </Table>
      )}
      {data && <Pager offset={offset} count={data.count} onChange={setOffset} />}
    </Container>
  )
}
