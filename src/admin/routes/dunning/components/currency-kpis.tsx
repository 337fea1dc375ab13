import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { TrendChart } from "../../../components/charts"
import { formatDays, formatMoney, formatPercent, humanize } from "../../../lib/format"
import type { Kpis } from "../../../lib/types"
import { StageCollectionRates } from "./stage-collection-rates"

/** One currency's KPIs for the period: the figures, their trends by month, each stage's collection rate and delivery by channel. */
export const CurrencyKpis = ({ kpis: c, formulas }: { kpis: Kpis["currencies"][number]; formulas: Kpis["formulas"] }) => (
  <Container className="divide-y p-0" data-testid={`kpis-${c.currency_code}`}>
    <div className="px-6 py-4">
      <Heading level="h2">{c.currency_code.toUpperCase()}</Heading>
    </div>
    <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
      <Stat label="DSO" value={formatDays(c.dso.days)} hint={formulas.dso} />
      <Stat label="Collection average" value={formatDays(c.collection_average_days)} hint={formulas.collection_average} />
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
    <StageCollectionRates kpis={c} />
    <div className="flex flex-wrap gap-2 px-6 py-4">
      {c.notices_by_channel.map((ch) => (
        <Badge key={ch.channel} size="2xsmall">
          {humanize(ch.channel)}: {ch.sent} sent · {ch.failed} failed · {ch.scheduled} waiting
        </Badge>
      ))}
    </div>
  </Container>
)

const Stat = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <div className="flex flex-col gap-y-1" title={hint}>
    <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
    <Text size="large" weight="plus">{value}</Text>
  </div>
)
