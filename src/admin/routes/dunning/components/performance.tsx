import { Container, Heading, Input, Label, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useKpis } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { AgingChart } from "./aging-chart"
import { CurrencyKpis } from "./currency-kpis"

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** How collections perform: aging today, and the KPIs of a chosen period, one panel per currency. */
export const Performance = () => {
  const { t } = useLanguage()
  const today = useMemo(() => new Date(), [])
  const [from, setFrom] = useState(isoDay(new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()))))
  const [to, setTo] = useState(isoDay(today))
  const [days, setDays] = useState("14")
  const daysValid = /^\d{1,3}$/.test(days) && Number(days) >= 1 && Number(days) <= 365
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to && daysValid
  const kpis = useKpis(valid ? { from, to, paid_within_days: days } : {})
  return (
    <div className="flex flex-col gap-y-3" data-testid="performance">
      <Container className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <Heading level="h2">{t("performance.title")}</Heading>
        <div className="flex gap-x-3">
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="kpi-from">{t("performance.from")}</Label>
            <Input id="kpi-from" size="small" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="kpi-to">{t("performance.to")}</Label>
            <Input id="kpi-to" size="small" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="kpi-paid-within">{t("variants.paidWithinDays")}</Label>
            <Input id="kpi-paid-within" size="small" type="number" min={1} max={365} className="w-24" value={days} onChange={(e) => setDays(e.target.value)} />
          </div>
        </div>
        {!valid && (
          <Text size="small" className="text-ui-fg-error w-full">
            {t("performance.badPeriod")}
          </Text>
        )}
      </Container>
      <AgingChart />
      {kpis.isLoading && <Container className="p-0"><LoadingRows rows={6} /></Container>}
      {kpis.error && <Container className="p-0"><ErrorState error={kpis.error} onRetry={() => kpis.refetch()} /></Container>}
      {kpis.data && kpis.data.kpis.currencies.length === 0 && (
        <Container className="p-0">
          <EmptyState title={t("performance.empty")} />
        </Container>
      )}
      {kpis.data?.kpis.currencies.map((c) => (
        <CurrencyKpis key={c.currency_code} kpis={c} formulas={kpis.data.kpis.formulas} paidWithinDays={kpis.data.kpis.paid_within_days ?? 14} />
      ))}
    </div>
  )
}
