import { Badge, Table, Text } from "@medusajs/ui"
import { useLanguage } from "../hooks/use-language"
import { enumLabel, formatCount, formatMoney, formatPercent } from "../lib/format"
import { formatNumber } from "../lib/i18n"
import type { VariantArm, VariantComparison } from "../lib/types"

/** The verdict of a comparison in the admin's words: not enough data yet, a clear difference, or none yet. */
export const VariantVerdict = ({ test }: { test: VariantComparison["test"] }) => {
  const { t, locale } = useLanguage()
  if (test.status === "not_enough_data") {
    return <Badge size="2xsmall" color="grey">{t("variants.notEnough", { min: formatCount(test.min_per_arm, locale) })}</Badge>
  }
  const p = formatNumber(test.p_value ?? 1, locale)
  return test.status === "significant" ? (
    <Badge size="2xsmall" color={(test.difference ?? 0) > 0 ? "green" : "red"}>{t("variants.significant", { p })}</Badge>
  ) : (
    <Badge size="2xsmall" color="grey">{t("variants.notSignificant", { p })}</Badge>
  )
}

/** Each stage's two wordings per channel: notices, invoices, paid within N days, recovered money, and the verdict. */
export const VariantResults = ({
  comparisons,
  currencyCode,
  paidWithinDays,
  showStage = true,
}: {
  comparisons: VariantComparison[]
  currencyCode: string
  paidWithinDays: number
  showStage?: boolean
}) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const row = (c: VariantComparison, arm: VariantArm | null, variant: "A" | "B") => (
    <Table.Row key={`${c.stage_id}-${c.channel}-${variant}`}>
      {showStage && <Table.Cell>{variant === "A" ? c.stage_name : ""}</Table.Cell>}
      <Table.Cell>{variant === "A" ? enumLabel(lang, "channel", c.channel) : ""}</Table.Cell>
      <Table.Cell>{variant}</Table.Cell>
      <Table.Cell className="text-right">{formatCount(arm?.notices ?? 0, locale)}</Table.Cell>
      <Table.Cell className="text-right">{formatCount(arm?.receivables ?? 0, locale)}</Table.Cell>
      <Table.Cell className="text-right">{formatCount(arm?.paid_count ?? 0, locale)}</Table.Cell>
      <Table.Cell className="text-right">{formatPercent(arm?.paid_rate ?? null, locale)}</Table.Cell>
      <Table.Cell className="text-right">{formatMoney(arm?.recovered_amount ?? 0, currencyCode, locale)}</Table.Cell>
      <Table.Cell>{variant === "A" ? <VariantVerdict test={c.test} /> : ""}</Table.Cell>
    </Table.Row>
  )
  if (!comparisons.length) {
    return <Text size="small" className="text-ui-fg-subtle">{t("variants.empty")}</Text>
  }
  return (
    <Table data-testid={`variant-results-${currencyCode}`}>
      <Table.Header>
        <Table.Row>
          {showStage && <Table.HeaderCell>{t("variants.stage")}</Table.HeaderCell>}
          <Table.HeaderCell>{t("variants.channel")}</Table.HeaderCell>
          <Table.HeaderCell>{t("variants.variant")}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("variants.notices")}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("variants.invoices")}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("variants.paid", { days: formatCount(paidWithinDays, locale) })}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("variants.share")}</Table.HeaderCell>
          <Table.HeaderCell className="text-right">{t("variants.recovered")}</Table.HeaderCell>
          <Table.HeaderCell>{t("variants.result")}</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>{comparisons.flatMap((c) => [row(c, c.a, "A"), row(c, c.b, "B")])}</Table.Body>
    </Table>
  )
}
