import { ExclamationCircleSolid } from "@medusajs/icons"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { useCreditHold } from "../hooks/api/credit-hold"
import { useAdminUsers } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { formatDate, formatMoney, userName } from "../lib/format"
import { formatList, type Language } from "../lib/i18n"
import type { CreditHold, CreditHoldWaiver } from "../lib/types"

/**
 * The customer's credit hold, in red at the top of the customer page: why, since when, what placed it and
 * what paying would lift it. Without a hold, the waiver of one released by hand, while it keeps the
 * policy's rules from placing another.
 */
export const CreditHoldBanner = ({ customerId, onLift }: { customerId: string; onLift: () => void }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const { data } = useCreditHold(customerId)
  const users = useAdminUsers()
  const nameOf = (id: string | null) => {
    const user = (users.data?.users ?? []).find((u: any) => u.id === id)
    return user ? userName(user) : t("creditHold.anAdmin")
  }
  const hold = data?.credit_hold
  if (!hold) {
    return data?.waiver ? <WaiverNote waiver={data.waiver} /> : null
  }
  return (
    <Container className="border-ui-tag-red-border bg-ui-tag-red-bg flex flex-col gap-y-2 border" data-testid="credit-hold" data-source={hold.source}>
      <div className="flex items-start justify-between gap-x-4">
        <div className="flex items-center gap-x-2">
          <ExclamationCircleSolid className="text-ui-tag-red-icon" />
          <Heading level="h2" className="text-ui-tag-red-text">
            {t("creditHold.title")}
          </Heading>
        </div>
        <Button size="small" variant="secondary" onClick={onLift}>
          {t("creditHold.lift.action")}
        </Button>
      </div>
      <Text size="small" weight="plus" className="text-ui-tag-red-text" data-testid="credit-hold-reason">
        {hold.reason}
      </Text>
      <Text size="small" className="text-ui-tag-red-text">
        {t("creditHold.noOrdersOnTerms")}
      </Text>
      <Text size="xsmall" className="text-ui-tag-red-text">
        {[
          t("creditHold.since", { date: formatDate(hold.placed_at, locale) }),
          hold.source === "manual"
            ? t("creditHold.placedByHand", { name: nameOf(hold.placed_by) })
            : t(hold.source === "stage" ? "creditHold.placedByStage" : "creditHold.placedByRule"),
        ].join(" · ")}
      </Text>
      <Text size="xsmall" className="text-ui-tag-red-text" data-testid="credit-hold-lift">
        {liftText(hold, lang)}
      </Text>
    </Container>
  )
}

/** What lifts the hold: paying these amounts (per currency), or only a release by hand. */
function liftText(hold: CreditHold, { t, locale }: Language): string {
  if (!hold.lifts_on_payment) {
    return t("creditHold.liftsByHand")
  }
  if (!hold.amounts_to_lift.length) {
    return t("creditHold.liftsWhenClear")
  }
  const amounts = hold.amounts_to_lift.map((a) => formatMoney(a.amount, a.currency_code, locale))
  return t("creditHold.liftsOnPayment", { amounts: formatList(amounts, locale) })
}

/** A hold released by hand: until when the rules place no new one. */
const WaiverNote = ({ waiver }: { waiver: CreditHoldWaiver }) => {
  const { t, locale } = useLanguage()
  const released = formatDate(waiver.released_at, locale)
  return (
    <Container className="py-3" data-testid="credit-hold-waiver">
      <Text size="small" className="text-ui-fg-subtle">
        {waiver.until
          ? t("creditHold.waiverUntil", { released, until: formatDate(waiver.until, locale) })
          : t("creditHold.waiverUntilClear", { released })}
      </Text>
    </Container>
  )
}
