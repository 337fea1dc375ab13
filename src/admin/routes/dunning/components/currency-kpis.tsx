import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { TrendChart } from "../../../components/charts"
import { useLanguage } from "../../../hooks/use-language"
import { enumLabel, formatDays, formatMoney, formatPercent } from "../../../lib/format"
import { plural } from "../../../lib/i18n"
import type { Kpis } from "../../../lib/types"
import { StageCollectionRates } from "./stage-collection-rates"
import { VariantResults } from "../../../components/variant-results"

/** One currency's KPIs for the period: the figures, their trends by month, each stage's collection rate and delivery by channel. */
export const CurrencyKpis = ({ kpis: c, formulas, paidWithinDays }: { kpis: Kpis["currencies"][number]; formulas: Kpis["formulas"]; paidWithinDays: number }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const month = (value: string) => monthLabel(value, locale)
  return (
    <Container className="divide-y p-0" data-testid={`kpis-${c.currency_code}`}>
      <div className="px-6 py-4">
        <Heading level="h2">{c.currency_code.toUpperCase()}</Heading>
      </div>
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
        <Stat label={t("performance.kpis.dso")} value={formatDays(c.dso.days, lang)} hint={formulas.dso} />
        <Stat label={t("performance.kpis.collectionAverage")} value={formatDays(c.collection_average_days, lang)} hint={formulas.collection_average} />
        <Stat label={t("performance.kpis.averageDaysLate")} value={formatDays(c.average_days_late, lang)} />
        <Stat label={t("performance.kpis.recoveryTime")} value={formatDays(c.recovery_time_days, lang)} />
        <Stat label={t("performance.kpis.promisesKept")} value={formatPercent(c.promises.kept_rate, locale)} />
        <Stat label={t("performance.kpis.disputeRate")} value={formatPercent(c.dispute_rate, locale)} />
        <Stat label={t("performance.kpis.outstandingAtEnd")} value={formatMoney(c.dso.receivables_outstanding_at_end, c.currency_code, locale)} />
        <Stat label={t("performance.kpis.creditSales")} value={formatMoney(c.dso.credit_sales, c.currency_code, locale)} />
      </div>
      <div className="grid grid-cols-1 gap-6 px-6 py-4 lg:grid-cols-2">
        <div>
          <Text size="small" weight="plus" className="mb-2">{t("performance.kpis.dsoByMonth")}</Text>
          <TrendChart
            unit={t("performance.kpis.daysUnit")}
            series={[{ name: t("performance.kpis.dso"), points: c.dso_trend.map((p) => ({ x: month(p.month), y: p.days })) }]}
          />
        </div>
        <div>
          <Text size="small" weight="plus" className="mb-2">{t("performance.kpis.trendByMonth")}</Text>
          <TrendChart
            unit={t("performance.kpis.daysUnit")}
            series={[
              { name: t("performance.kpis.collectionAverage"), points: c.collection_trend.map((p) => ({ x: month(p.month), y: p.collection_average_days })) },
              { name: t("performance.kpis.daysLate"), points: c.collection_trend.map((p) => ({ x: month(p.month), y: p.average_days_late })) },
            ]}
          />
        </div>
      </div>
      <StageCollectionRates kpis={c} />
      <div className="px-6 py-4" title={formulas.collection_rate_by_variant}>
        <Text size="small" weight="plus" className="mb-2">{t("variants.title")}</Text>
        <VariantResults comparisons={c.collection_rate_by_variant ?? []} currencyCode={c.currency_code} paidWithinDays={paidWithinDays} />
      </div>
      <div className="flex flex-wrap gap-2 px-6 py-4">
        {c.notices_by_channel.map((ch) => (
          <Badge key={ch.channel} size="2xsmall">
            {t("performance.kpis.byChannel", {
              channel: enumLabel(lang, "channel", ch.channel),
              sent: plural(lang, "performance.kpis.sent", ch.sent),
              failed: plural(lang, "performance.kpis.failed", ch.failed),
              waiting: plural(lang, "performance.kpis.waiting", ch.scheduled),
            })}
          </Badge>
        ))}
      </div>
    </Container>
  )
}

/** "2026-05" as the language names the month: "May 26", "may 26", "Mai 26". */
function monthLabel(month: string, locale: string): string {
  const date = new Date(`${month}-01T00:00:00Z`)
  if (!/^\d{4}-\d{2}$/.test(month) || Number.isNaN(date.getTime())) {
    return month
  }
  return new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" }).format(date)
}

const Stat = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <div className="flex flex-col gap-y-1" title={hint}>
    <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
    <Text size="large" weight="plus">{value}</Text>
  </div>
)
