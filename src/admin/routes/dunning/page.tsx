import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CurrencyDollar } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Label, Select, Table, Tabs, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { StackedBars, TrendChart } from "../../components/charts"
import { EmptyState, ErrorState, LoadingRows, errorMessage } from "../../components/states"
import { useAdminUsers } from "../../hooks/api/customer-collections"
import { useCustomerGroups } from "../../hooks/api/policies"
import { useStageNames } from "../../hooks/api/stage-names"
import { usePolicies } from "../../hooks/api/policies"
import { useAging, useFollowUps, useKpis, useOverdue, useRun, useRunNow, useRunPreview, useRuns } from "../../hooks/api/worklists"
import type { Run } from "../../lib/types"
import { daysOverdueLabel, formatDate, formatDateTime, formatDays, formatMoney, formatPercent, humanize, overdueColor, userName } from "../../lib/format"

const PAGE = 20
const ALL = "all"

/** Where reps and the collections manager work: who to call, what is overdue, runs, and how collections perform. */
const CollectionsPage = () => (
  <div className="flex flex-col gap-y-3" data-testid="dunning-collections-page">
    <Container className="px-6 py-4">
      <Heading level="h1">Collections</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        Follow-ups to work, overdue invoices, dunning runs and collection performance.
      </Text>
    </Container>
    <Tabs defaultValue="calls">
      <Tabs.List>
        <Tabs.Trigger value="calls">Call list</Tabs.Trigger>
        <Tabs.Trigger value="overdue">Overdue invoices</Tabs.Trigger>
        <Tabs.Trigger value="runs">Runs</Tabs.Trigger>
        <Tabs.Trigger value="performance">Performance</Tabs.Trigger>
      </Tabs.List>
      <div className="mt-3">
        <Tabs.Content value="calls">
          <CallList />
        </Tabs.Content>
        <Tabs.Content value="overdue">
          <OverdueTable />
        </Tabs.Content>
        <Tabs.Content value="runs">
          <Runs />
        </Tabs.Content>
        <Tabs.Content value="performance">
          <Performance />
        </Tabs.Content>
      </div>
    </Tabs>
  </div>
)

const Pager = ({ offset, count, onChange }: { offset: number; count: number; onChange: (offset: number) => void }) =>
  count > PAGE ? (
    <div className="flex items-center justify-between px-6 py-3">
      <Text size="small" className="text-ui-fg-subtle">
        {offset + 1}–{Math.min(offset + PAGE, count)} of {count}
      </Text>
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE))}>
          Previous
        </Button>
        <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => onChange(offset + PAGE)}>
          Next
        </Button>
      </div>
    </div>
  ) : null

const customerLabel = (c: { company_name: string | null; name: string | null; email: string | null }) => c.company_name || c.name || c.email || "Unknown customer"

const CallList = () => {
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
        <Heading level="h2">Call list</Heading>
        <div className="flex gap-x-3">
          <Filter label="Assignee" value={assignee} onChange={(v) => { setAssignee(v); setOffset(0) }} options={[
            { value: ALL, label: "Everyone" },
            { value: "unassigned", label: "Unassigned" },
            ...(users.data?.users ?? []).map((u: any) => ({ value: u.id, label: names.get(u.id) as string })),
          ]} />
          <Filter label="Sort by" value={order} onChange={(v) => { setOrder(v); setOffset(0) }} options={[
            { value: "-amount_overdue", label: "Amount overdue" },
            { value: "age", label: "Oldest first" },
            { value: "-age", label: "Newest first" },
            { value: "due", label: "Follow-up date" },
          ]} />
        </div>
      </div>
      {isLoading && <LoadingRows rows={5} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data && data.follow_ups.length === 0 && <EmptyState title="No open follow-ups" description="Claims, escalations and failed deliveries that need a person show up here." />}
      {data && data.follow_ups.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Follow-up</Table.HeaderCell>
              <Table.HeaderCell>Overdue</Table.HeaderCell>
              <Table.HeaderCell>Age</Table.HeaderCell>
              <Table.HeaderCell>Assignee</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.follow_ups.map((f) => (
              <Table.Row key={f.id}>
                <Table.Cell>
                  <Link to={`/customers/${f.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                    {customerLabel(f.customer)}
                  </Link>
                </Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2">
                    <Badge size="2xsmall" color={f.type === "claim_for_non_payment" || f.type === "escalated" ? "red" : "orange"}>
                      {f.type === "claim_for_non_payment" ? "Claim for Non-Payment" : humanize(f.type)}
                    </Badge>
                    <span className="max-w-xs truncate">{f.title}</span>
                  </div>
                </Table.Cell>
                <Table.Cell>
                  {f.overdue.length
                    ? f.overdue.map((o) => (
                        <div key={o.currency_code}>
                          {formatMoney(o.amount, o.currency_code)} <span className="text-ui-fg-subtle">({daysOverdueLabel(o.oldest_days_overdue)})</span>
                        </div>
                      ))
                    : "–"}
                </Table.Cell>
                <Table.Cell>{f.age_days === 0 ? "today" : `${f.age_days} d`}</Table.Cell>
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

const BUCKETS: Record<string, { min?: number; max?: number; label: string }> = {
  all: { label: "Any age" },
  "1-30": { min: 1, max: 30, label: "1–30 days" },
  "31-60": { min: 31, max: 60, label: "31–60 days" },
  "61-90": { min: 61, max: 90, label: "61–90 days" },
  "91-120": { min: 91, max: 120, label: "91–120 days" },
  "120+": { min: 121, label: "over 120 days" },
}

const OverdueTable = () => {
  const groups = useCustomerGroups()
  const policies = usePolicies()
  const stageName = useStageNames()
  const [group, setGroup] = useState(ALL)
  const [currency, setCurrency] = useState("")
  const [bucket, setBucket] = useState(ALL)
  const [stage, setStage] = useState(ALL)
  const [hold, setHold] = useState(ALL)
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
  }
  const { data, isLoading, error, refetch } = useOverdue(params)
  const reset = () => setOffset(0)
  return (
    <Container className="divide-y p-0" data-testid="overdue-table">
      <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <Heading level="h2">Overdue invoices</Heading>
        <div className="flex flex-wrap gap-3">
          <Filter label="Customer group" value={group} onChange={(v) => { setGroup(v); reset() }} options={[
            { value: ALL, label: "All groups" },
            ...(groups.data?.customer_groups ?? []).map((g: any) => ({ value: g.id, label: g.name })),
          ]} />
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">Currency</Label>
            <Input size="small" className="w-20" placeholder="EUR" value={currency} onChange={(e) => { setCurrency(e.target.value); reset() }} />
          </div>
          <Filter label="Days overdue" value={bucket} onChange={(v) => { setBucket(v); reset() }} options={Object.entries(BUCKETS).map(([value, x]) => ({ value, label: x.label }))} />
          <Filter label="Stage" value={stage} onChange={(v) => { setStage(v); reset() }} options={[
            { value: ALL, label: "Any stage" },
            ...(policies.data?.policies ?? []).flatMap((p) => p.stages.filter((x) => x.id).map((x) => ({ value: x.id!, label: stageName(x.id) }))),
          ]} />
          <Filter label="Hold" value={hold} onChange={(v) => { setHold(v); reset() }} options={[
            { value: ALL, label: "Any" },
            { value: "held", label: "On hold" },
            { value: "chased", label: "Being chased" },
          ]} />
        </div>
      </div>
      {isLoading && <LoadingRows rows={6} />}
      {error && <ErrorState error={error} onRetry={() => refetch()} />}
      {data && data.receivables.length === 0 && <EmptyState title="No overdue invoices" description="Nothing matches these filters." />}
      {data && data.receivables.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Invoice</Table.HeaderCell>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Due</Table.HeaderCell>
              <Table.HeaderCell>Stage</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Outstanding</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.receivables.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>{r.number}</Table.Cell>
                <Table.Cell>
                  <Link to={`/customers/${r.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                    {customerLabel(r.customer)}
                  </Link>
                </Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2">
                    {formatDate(r.due_at)}
                    <Badge size="2xsmall" color={overdueColor(r.days_overdue)}>
                      {daysOverdueLabel(r.days_overdue)}
                    </Badge>
                    {r.on_hold && (
                      <Badge size="2xsmall" color="orange" title={r.hold_reason ?? undefined}>
                        on hold
                      </Badge>
                    )}
                  </div>
                </Table.Cell>
                <Table.Cell>{stageName(r.stage)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(r.outstanding_amount, r.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {data && <Pager offset={offset} count={data.count} onChange={setOffset} />}
    </Container>
  )
}

/** The run started with "Run now": running with its progress so far, then what it did or why it failed. */
const StartedRun = ({ run }: { run: Run }) => (
  <div className="flex items-center gap-x-2 px-6 py-4" data-testid="started-run">
    <Badge size="2xsmall" color={run.status === "succeeded" ? "green" : run.status === "failed" ? "red" : "blue"}>
      {humanize(run.status)}
    </Badge>
    <Text size="small" className={run.status === "failed" ? "text-ui-fg-error" : undefined}>
      {run.status === "running"
        ? `Running in the background: ${run.batches} ${run.batches === 1 ? "batch" : "batches"}, ${run.notices_created} notices so far`
        : run.status === "succeeded"
          ? `Finished: ${run.notices_created} notices and ${run.escalations_created} escalations for ${run.customers_seen} customers`
          : `Failed: ${run.error ?? "see the server log"}`}
    </Text>
  </div>
)

const Runs = () => {
  const [previewing, setPreviewing] = useState(false)
  const [offset, setOffset] = useState(0)
  const [startedId, setStartedId] = useState<string | null>(null)
  const preview = useRunPreview(previewing)
  const runs = useRuns({ limit: PAGE, offset })
  const runNow = useRunNow()
  const started = useRun(startedId)
  const startedRun = started.data?.run ?? null
  const running = startedRun?.status === "running"
  const ended = startedRun && !running ? startedRun.status : null
  useEffect(() => {
    if (!startedRun || !ended) return
    if (ended === "succeeded") {
      toast.success(`Run finished: ${startedRun.notices_created} notices, ${startedRun.escalations_created} escalations`)
    } else {
      toast.error(`Run failed: ${startedRun.error ?? "see the server log"}`)
    }
    // once per run, when it ends
  }, [startedRun?.id, ended])
  const prompt = usePrompt()
  const start = async () => {
    const ok = await prompt({
      title: "Run dunning now?",
      description: "Every customer with invoices due for a reminder gets one notice now, exactly as the scheduled run would send it.",
      confirmText: "Run now",
      cancelText: "Cancel",
    })
    if (!ok) return
    runNow.mutate(undefined, {
      onSuccess: ({ run }) => {
        setStartedId(run.id)
        setPreviewing(false)
      },
      onError: (e) => toast.error(errorMessage(e)),
    })
  }
  const skipped = Object.entries(preview.data?.totals.skipped ?? {}).filter(([, n]) => n > 0)
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0" data-testid="run-preview">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h2">Next run</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              A dry run shows who would get which notice now, and why others are skipped. Nothing is sent.
            </Text>
          </div>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" onClick={() => (previewing ? preview.refetch() : setPreviewing(true))} isLoading={preview.isFetching}>
              Preview
            </Button>
            <Button size="small" onClick={start} isLoading={runNow.isPending || running} disabled={running}>
              Run now
            </Button>
          </div>
        </div>
        {startedRun && <StartedRun run={startedRun} />}
        {preview.error && <ErrorState error={preview.error} onRetry={() => preview.refetch()} />}
        {preview.data && (
          <div className="flex flex-col gap-y-3 px-6 py-4">
            <Text size="small">
              {preview.data.totals.notices_created} notices and {preview.data.totals.escalations_created} escalations for{" "}
              {preview.data.totals.customers_seen} customers ({preview.data.totals.receivables_seen} invoices due).
              {preview.data.truncated &&
                ` The preview stopped after the first ${preview.data.customer_limit} customers; the run itself covers every customer due.`}
            </Text>
            {skipped.length > 0 && (
              <div className="flex flex-wrap gap-2">
                {skipped.map(([reason, n]) => (
                  <Badge key={reason} size="2xsmall">
                    {humanize(reason)}: {n}
                  </Badge>
                ))}
              </div>
            )}
            {preview.data.totals.notices.length > 0 && (
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Customer</Table.HeaderCell>
                    <Table.HeaderCell>Stage</Table.HeaderCell>
                    <Table.HeaderCell>To</Table.HeaderCell>
                    <Table.HeaderCell>Subject</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Overdue</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {preview.data.totals.notices.map((n) => (
                    <Table.Row key={`${n.customer_id}:${n.stage_name}`}>
                      <Table.Cell>
                        <Link to={`/customers/${n.customer_id}`} className="text-ui-fg-interactive">
                          {n.company ?? n.customer_id}
                        </Link>
                      </Table.Cell>
                      <Table.Cell>{n.stage_name}</Table.Cell>
                      <Table.Cell>{n.to.join(", ")}</Table.Cell>
                      <Table.Cell className="max-w-xs truncate">{n.render_error ? <span className="text-ui-fg-error">{n.render_error}</span> : n.subject}</Table.Cell>
                      <Table.Cell className="text-right">
                        {n.totals.map((t) => (
                          <div key={t.currency_code}>{formatMoney(t.outstanding, t.currency_code)}</div>
                        ))}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </div>
        )}
      </Container>
      <Container className="divide-y p-0" data-testid="run-history">
        <div className="px-6 py-4">
          <Heading level="h2">Run history</Heading>
        </div>
        {runs.isLoading && <LoadingRows rows={4} />}
        {runs.error && <ErrorState error={runs.error} onRetry={() => runs.refetch()} />}
        {runs.data && runs.data.runs.length === 0 && <EmptyState title="No runs yet" description="The scheduled run, or Run now, records each run here." />}
        {runs.data && runs.data.runs.length > 0 && (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Started</Table.HeaderCell>
                <Table.HeaderCell>Trigger</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Customers</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Notices</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Escalations</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {runs.data.runs.map((r) => (
                <Table.Row key={r.id} title={r.error ?? undefined}>
                  <Table.Cell>{formatDateTime(r.started_at)}</Table.Cell>
                  <Table.Cell>{humanize(r.trigger)}</Table.Cell>
                  <Table.Cell>
                    <div className="flex items-center gap-x-2 py-1">
                      <Badge size="2xsmall" color={r.status === "succeeded" ? "green" : r.status === "failed" ? "red" : "blue"}>
                        {humanize(r.status)}
                      </Badge>
                      {r.status === "running" && (
                        <Text size="xsmall" className="text-ui-fg-subtle">{r.batches} {r.batches === 1 ? "batch" : "batches"} so far</Text>
                      )}
                    </div>
                    {r.status === "failed" && r.error && (
                      <Text size="xsmall" className="text-ui-fg-error max-w-[360px] whitespace-normal pb-1" data-testid="run-error">
                        {r.error}
                      </Text>
                    )}
                  </Table.Cell>
                  <Table.Cell className="text-right">{r.customers_seen}</Table.Cell>
                  <Table.Cell className="text-right">{r.notices_created}</Table.Cell>
                  <Table.Cell className="text-right">{r.escalations_created}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
        {runs.data && <Pager offset={offset} count={runs.data.count} onChange={setOffset} />}
      </Container>
    </div>
  )
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

const Performance = () => {
  const today = useMemo(() => new Date(), [])
  const [from, setFrom] = useState(isoDay(new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()))))
  const [to, setTo] = useState(isoDay(today))
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to
  const kpis = useKpis(valid ? { from, to } : {})
  const aging = useAging({})
  return (
    <div className="flex flex-col gap-y-3" data-testid="performance">
      <Container className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <Heading level="h2">Performance</Heading>
        <div className="flex gap-x-3">
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="kpi-from">From</Label>
            <Input id="kpi-from" size="small" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="kpi-to">To</Label>
            <Input id="kpi-to" size="small" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        {!valid && (
          <Text size="small" className="text-ui-fg-error w-full">
            Pick a start date on or before the end date.
          </Text>
        )}
      </Container>
      <Container className="divide-y p-0" data-testid="aging-chart">
        <div className="px-6 py-4">
          <Heading level="h2">Aging</Heading>
          <Text size="small" className="text-ui-fg-subtle">Outstanding today by days overdue, per currency</Text>
        </div>
        {aging.isLoading && <LoadingRows rows={3} />}
        {aging.error && <ErrorState error={aging.error} onRetry={() => aging.refetch()} />}
        {aging.data && (
          <div className="px-6 py-4">
            <StackedBars
              legend={aging.data.aging.currencies[0]?.buckets.map((b) => b.label) ?? []}
              bars={aging.data.aging.currencies.map((c) => ({
                label: `${c.currency_code.toUpperCase()} · ${formatMoney(c.total_outstanding, c.currency_code)}`,
                total: c.total_outstanding,
                parts: c.buckets.map((b) => ({ key: b.key, label: b.label, value: b.amount, display: formatMoney(b.amount, c.currency_code) })),
              }))}
            />
          </div>
        )}
      </Container>
      {kpis.isLoading && <Container className="p-0"><LoadingRows rows={6} /></Container>}
      {kpis.error && <Container className="p-0"><ErrorState error={kpis.error} onRetry={() => kpis.refetch()} /></Container>}
      {kpis.data && kpis.data.kpis.currencies.length === 0 && (
        <Container className="p-0">
          <EmptyState title="No invoices in this period" />
        </Container>
      )}
      {kpis.data?.kpis.currencies.map((c) => (
        <Container key={c.currency_code} className="divide-y p-0" data-testid={`kpis-${c.currency_code}`}>
          <div className="px-6 py-4">
            <Heading level="h2">{c.currency_code.toUpperCase()}</Heading>
          </div>
          <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
            <Stat label="DSO" value={formatDays(c.dso.days)} hint={kpis.data.kpis.formulas.dso} />
            <Stat label="Collection average" value={formatDays(c.collection_average_days)} hint={kpis.data.kpis.formulas.collection_average} />
            <Stat label="Average days late" value={formatDays(c.average_days_late)} />
            <Stat label="Recovery time" value={formatDays(c.recovery_time_days)} />
            <Stat label="Promises kept" value={formatPercent(c.promises.kept_rate)} />
            <Stat label="Dispute rate" value={formatPercent(c.dispute_rate)} />
            <Stat label="Outstanding at end" value={formatMoney(c.dso.receivables_outstanding_at_end, c.currency_code)} />
            <Stat label="Credit sales" value={formatMoney(c.dso.credit_sales, c.currency_code)} />
          </div>
          <div className="grid grid-cols-1 gap-6 px-6 py-4 lg:grid-cols-2">
            <div>
              <Text size="small" weight="plus" className="mb-2">DSO by month</Text>
              <TrendChart unit="days" series={[{ name: "DSO", points: c.dso_trend.map((p) => ({ x: p.month, y: p.days })) }]} />
            </div>
            <div>
              <Text size="small" weight="plus" className="mb-2">Collection average and days late by month</Text>
              <TrendChart
                unit="days"
                series={[
                  { name: "Collection average", points: c.collection_trend.map((p) => ({ x: p.month, y: p.collection_average_days })) },
                  { name: "Days late", points: c.collection_trend.map((p) => ({ x: p.month, y: p.average_days_late })) },
                ]}
              />
            </div>
          </div>
          <div className="px-6 py-4">
            <Text size="small" weight="plus" className="mb-2">Collection rate per stage</Text>
            {c.collection_rate_by_stage.length === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">No notices in this period.</Text>
            ) : (
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Stage</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Notices</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Invoices</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Paid after</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">By count</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">By amount</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {c.collection_rate_by_stage.map((s) => (
                    <Table.Row key={s.stage_id ?? s.stage_name}>
                      <Table.Cell>{s.stage_name}</Table.Cell>
                      <Table.Cell className="text-right">{s.notices}</Table.Cell>
                      <Table.Cell className="text-right">{s.receivables}</Table.Cell>
                      <Table.Cell className="text-right">{formatMoney(s.paid_amount, c.currency_code)}</Table.Cell>
                      <Table.Cell className="text-right">{formatPercent(s.count_rate)}</Table.Cell>
                      <Table.Cell className="text-right">{formatPercent(s.amount_rate)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </div>
          <div className="flex flex-wrap gap-2 px-6 py-4">
            {c.notices_by_channel.map((ch) => (
              <Badge key={ch.channel} size="2xsmall">
                {humanize(ch.channel)}: {ch.sent} sent · {ch.failed} failed · {ch.scheduled} waiting
              </Badge>
            ))}
          </div>
        </Container>
      ))}
    </div>
  )
}

const Stat = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <div className="flex flex-col gap-y-1" title={hint}>
    <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
    <Text size="large" weight="plus">{value}</Text>
  </div>
)

const Filter = ({
  label,
  value,
  onChange,
  options,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  options: Array<{ value: string; label: string }>
}) => (
  <div className="flex flex-col gap-y-1">
    <Label size="xsmall">{label}</Label>
    <Select size="small" value={value} onValueChange={onChange}>
      <Select.Trigger className="w-44">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {options.map((o) => (
          <Select.Item key={o.value} value={o.value}>
            {o.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)

export const config = defineRouteConfig({ label: "Collections", icon: CurrencyDollar })

export default CollectionsPage
