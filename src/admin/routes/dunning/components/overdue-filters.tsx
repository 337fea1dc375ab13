import { useLanguage } from "../../../hooks/use-language"
import { bandLabel } from "../../../lib/risk"
import { ALL, Filter } from "./filter"

const RISK_BANDS = ["high", "medium", "low", "new"] as const

/** Overdue invoices on hold, chased, or either. */
export const HoldFilter = ({ value, onChange }: { value: string; onChange: (value: string) => void }) => {
  const { t } = useLanguage()
  return (
    <Filter label={t("overdue.hold")} value={value} onChange={onChange} options={[
      { value: ALL, label: t("overdue.anyHold") },
      { value: "held", label: t("overdue.held") },
      { value: "chased", label: t("overdue.chased") },
    ]} />
  )
}

/** Overdue invoices of customers in one risk band, or in any. */
export const RiskBandFilter = ({ value, onChange }: { value: string; onChange: (value: string) => void }) => {
  const { t } = useLanguage()
  return (
    <Filter label={t("risk.bandFilter")} value={value} onChange={onChange} options={[
      { value: ALL, label: t("risk.allBands") },
      ...RISK_BANDS.map((band) => ({ value: band, label: bandLabel(t, band) })),
    ]} />
  )
}
