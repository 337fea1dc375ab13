import { Container, Heading, Text } from "@medusajs/ui"
import { StackedBars } from "../../../components/charts"
import { ErrorState, LoadingRows } from "../../../components/states"
import { useAging } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { agingBucketLabel, formatMoney } from "../../../lib/format"

/** What is outstanding today, by days overdue, one bar per currency. */
export const AgingChart = () => {
  const lang = useLanguage()
  const { t, locale } = lang
  const aging = useAging({})
  return (
    <Container className="divide-y p-0" data-testid="aging-chart">
      <div className="px-6 py-4">
        <Heading level="h2">{t("performance.aging.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("performance.aging.subtitle")}</Text>
      </div>
      {aging.isLoading && <LoadingRows rows={3} />}
      {aging.error && <ErrorState error={aging.error} onRetry={() => aging.refetch()} />}
      {aging.data && (
        <div className="px-6 py-4">
          <StackedBars
            label={t("performance.aging.label")}
            legend={aging.data.aging.currencies[0]?.buckets.map((b) => agingBucketLabel(b, lang)) ?? []}
            bars={aging.data.aging.currencies.map((c) => ({
              label: `${c.currency_code.toUpperCase()} · ${formatMoney(c.total_outstanding, c.currency_code, locale)}`,
              total: c.total_outstanding,
              parts: c.buckets.map((b) => ({
                key: b.key,
                label: agingBucketLabel(b, lang),
                value: b.amount,
                display: formatMoney(b.amount, c.currency_code, locale),
              })),
            }))}
          />
        </div>
      )}
    </Container>
  )
}
