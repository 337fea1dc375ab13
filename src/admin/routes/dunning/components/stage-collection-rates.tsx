import { Table, Text } from "@medusajs/ui"
import { useLanguage } from "../../../hooks/use-language"
import { formatCount, formatMoney, formatPercent } from "../../../lib/format"
import type { Kpis } from "../../../lib/types"

/** For each stage, how many of the invoices it was sent for were paid after it, by count and by amount. */
export const StageCollectionRates = ({ kpis: c }: { kpis: Kpis["currencies"][number] }) => {
  const { t, locale } = useLanguage()
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">{t("performance.rates.title")}</Text>
      {c.collection_rate_by_stage.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">{t("performance.rates.empty")}</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("performance.rates.stage")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("performance.rates.notices")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("performance.rates.invoices")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("performance.rates.paidAfter")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("performance.rates.byCount")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("performance.rates.byAmount")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {c.collection_rate_by_stage.map((s) => (
              <Table.Row key={s.stage_id ?? s.stage_name}>
                <Table.Cell>{s.stage_name}</Table.Cell>
                <Table.Cell className="text-right">{formatCount(s.notices, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatCount(s.receivables, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(s.paid_amount, c.currency_code, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatPercent(s.count_rate, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatPercent(s.amount_rate, locale)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
