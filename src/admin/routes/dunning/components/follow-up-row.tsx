import { Badge, Table } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useLanguage } from "../../../hooks/use-language"
import { customerLabel, daysOverdueLabel, enumLabel, formatMoney } from "../../../lib/format"
import { plural } from "../../../lib/i18n"
import { bandColor, bandLabel, suggestionLabel } from "../../../lib/risk"
import type { FollowUp } from "../../../lib/types"

/** One follow-up of the call list: the customer (marked when on credit hold), what to follow up, what is overdue, its age and who owns it. */
export const FollowUpRow = ({ followUp: f, assignee }: { followUp: FollowUp; assignee: string | null }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <Table.Row>
      <Table.Cell>
        <div className="flex items-center gap-x-2">
          <Link to={`/customers/${f.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
            {customerLabel(f.customer, lang)}
          </Link>
          {f.credit_hold && (
            <Badge size="2xsmall" color="red" title={f.credit_hold.reason} data-testid="credit-hold-badge">
              {t("calls.creditHoldBadge")}
            </Badge>
          )}
        </div>
      </Table.Cell>
      <Table.Cell>
        <div className="flex items-center gap-x-2">
          <Badge size="2xsmall" color={f.type === "claim_for_non_payment" || f.type === "escalated" ? "red" : "orange"}>
            {enumLabel(lang, "eventType", f.type)}
          </Badge>
          <span className="max-w-xs truncate">{f.title}</span>
          {f.risk && <Badge size="2xsmall" color={bandColor(f.risk.band)}>{bandLabel(t, f.risk.band)} {f.risk.score}</Badge>}
        </div>
        {f.suggestion && (
          <div className="text-ui-fg-subtle max-w-sm text-xs" data-testid="call-suggestion">{suggestionLabel(t, f.suggestion)}</div>
        )}
      </Table.Cell>
      <Table.Cell>
        {f.overdue.length
          ? f.overdue.map((o) => (
              <div key={o.currency_code}>
                {formatMoney(o.amount, o.currency_code, locale)}{" "}
                <span className="text-ui-fg-subtle">({daysOverdueLabel(o.oldest_days_overdue, lang)})</span>
              </div>
            ))
          : "–"}
      </Table.Cell>
      <Table.Cell>{f.age_days === 0 ? t("calls.today") : plural(lang, "calls.ageDays", f.age_days)}</Table.Cell>
      <Table.Cell>{assignee ?? "–"}</Table.Cell>
    </Table.Row>
  )
}
