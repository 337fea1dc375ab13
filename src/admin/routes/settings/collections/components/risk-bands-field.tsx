import { Checkbox, Label, Switch } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import type { Draft, SetDraftField } from "../../../../lib/policy-draft"
import { bandLabel } from "../../../../lib/risk"
import type { RiskBand } from "../../../../lib/types"

const BANDS: RiskBand[] = ["high", "medium", "low", "new"]

/** The risk bands a policy is for (with groups too, a customer must be in both), and whether it sends first by the channel that worked. */
export const RiskBandsField = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const { t } = useLanguage()
  const chosen = draft.risk_bands ?? []
  return (
    <>
      {!draft.is_default && (
        <Field label={t("risk.policyBands")} name="risk_bands" error={errors.risk_bands} hint={t("risk.policyBandsHint")}>
          <div className="flex gap-x-4">
            {BANDS.map((band) => (
              <div key={band} className="flex items-center gap-x-2">
                <Checkbox
                  id={`band-${band}`}
                  checked={chosen.includes(band)}
                  onCheckedChange={(v) => set("risk_bands", v === true ? [...chosen, band] : chosen.filter((x) => x !== band))}
                />
                <Label htmlFor={`band-${band}`} size="xsmall">{bandLabel(t, band)}</Label>
              </div>
            ))}
          </div>
        </Field>
      )}
      <Field label={t("risk.preferChannel")} name="prefer_channel_that_worked" error={errors.prefer_channel_that_worked} hint={t("risk.preferChannelHint")}>
        <Switch id="prefer_channel_that_worked" checked={!!draft.prefer_channel_that_worked} onCheckedChange={(v) => set("prefer_channel_that_worked", v)} />
      </Field>
    </>
  )
}
