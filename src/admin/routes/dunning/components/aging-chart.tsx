import { Container, Heading, Text } from "@medusajs/ui"
import { StackedBars } from "../../../components/charts"
import { ErrorState, LoadingRows } from "../../../components/states"
import { useAging } from "../../../hooks/api/worklists"
import { formatMoney } from "../../../lib/format"

/** What is outstanding today, by days overdue, one bar per currency. */
export const AgingChart = () => {
  const aging = useAging({})
  return (
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
  )
}
