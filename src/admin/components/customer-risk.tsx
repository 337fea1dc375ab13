import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useCustomerRisk } from "../hooks/api/risk"
import { useLanguage } from "../hooks/use-language"
import { formatDate } from "../lib/format"
import { formatNumber } from "../lib/i18n"
import { bandColor, bandLabel, factorLabel } from "../lib/risk"

/**
 * The customer's risk on their page: band and score, the three factors that weigh most with their points,
 * the latest changes of band with their reason, and the channel after which the customer last paid.
 */
export const CustomerRiskPanel = ({ customerId }: { customerId: string }) => {
  const { t, locale } = useLanguage()
  const { data } = useCustomerRisk(customerId)
  if (!data) {
    return null
  }
  const risk = data.risk
  const worked = data.channel_that_worked
  return (
    <Container className="divide-y p-0" data-testid="customer-risk">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("risk.title")}</Heading>
        {risk && (
          <div className="flex items-center gap-x-2">
            <Badge size="2xsmall" color={bandColor(risk.band)} data-testid="risk-band">{bandLabel(t, risk.band)}</Badge>
            <Text size="small">{t("risk.score", { score: risk.score })}</Text>
            <Text size="small" className="text-ui-fg-subtle">{t("risk.since", { date: formatDate(risk.band_since, locale) })}</Text>
          </div>
        )}
      </div>
      {!risk && <Text size="small" className="px-6 py-4 text-ui-fg-subtle">{t("risk.notScored")}</Text>}
      {risk && risk.top_factors.length > 0 && (
        <div className="px-6 py-4">
          <Text size="small" weight="plus">{t("risk.weighsMost")}</Text>
          {risk.top_factors.map((f) => (
            <div key={f.key} className="flex justify-between" data-testid="risk-factor">
              <Text size="small">{factorLabel(t, f.key)}: {f.value === null ? "–" : formatNumber(f.value, locale)}</Text>
              <Text size="small" className="text-ui-fg-subtle">+{formatNumber(f.contribution, locale)}</Text>
            </div>
          ))}
        </div>
      )}
      {data.changes.length > 0 && (
        <div className="px-6 py-4">
          <Text size="small" weight="plus">{t("risk.history")}</Text>
          {data.changes.map((c) => (
            <Text key={c.id} size="small" data-testid="risk-change">
              {t("risk.change", { from: bandLabel(t, c.from_band), to: bandLabel(t, c.to_band), date: formatDate(c.changed_at, locale), reason: c.reason })}
            </Text>
          ))}
        </div>
      )}
      <div className="px-6 py-4">
        <Text size="small" weight="plus">{t("risk.channelThatWorked")}</Text>
        <Text size="small" className="text-ui-fg-subtle" data-testid="channel-that-worked">
          {worked ? t("risk.channelThatWorkedHint", { channel: worked.channel, days: worked.within_days, count: worked.payments }) : t("risk.noChannelYet")}
        </Text>
      </div>
    </Container>
  )
}
