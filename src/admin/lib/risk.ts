import type { Translate } from "./i18n"
import type { CallSuggestion, RiskBand } from "./types"

/** The badge colour of a risk band: a rep sees high risk in red at a glance. */
export function bandColor(band: RiskBand | string | null | undefined): "red" | "orange" | "green" | "grey" {
  return band === "high" ? "red" : band === "medium" ? "orange" : band === "low" ? "green" : "grey"
}

/** A risk band in the admin user's language. */
export function bandLabel(t: Translate, band: string): string {
  const labels: Record<string, string> = {
    new: t("risk.band.new"),
    low: t("risk.band.low"),
    medium: t("risk.band.medium"),
    high: t("risk.band.high"),
  }
  return labels[band] ?? band
}

/** A factor of the risk score in the admin user's language. */
export function factorLabel(t: Translate, key: string): string {
  const labels: Record<string, string> = {
    days_late: t("risk.factor.days_late"),
    on_time: t("risk.factor.on_time"),
    broken_promises: t("risk.factor.broken_promises"),
    disputes: t("risk.factor.disputes"),
    overdue: t("risk.factor.overdue"),
    bounced_contacts: t("risk.factor.bounced_contacts"),
    trend: t("risk.factor.trend"),
  }
  return labels[key] ?? key
}

/** A suggestion from the customer's pattern in the admin user's language. */
export function suggestionLabel(t: Translate, suggestion: CallSuggestion): string {
  const p = suggestion.params
  switch (suggestion.code) {
    case "email_bounced":
      return t("risk.suggestion.email_bounced", p)
    case "broken_promises":
      return t("risk.suggestion.broken_promises", p)
    case "disputes_often":
      return t("risk.suggestion.disputes_often", p)
    case "call_early":
      return t("risk.suggestion.call_early", p)
    default:
      return t(p.long_overdue ? "risk.suggestion.call_now_long" : "risk.suggestion.call_now")
  }
}
