import { Badge, Text } from "@medusajs/ui"
import { useCreditHold } from "../hooks/api/credit-hold"
import { useAdminUsers } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { formatDate, userName } from "../lib/format"
import type { ReceivableCreditHoldMark } from "../lib/types"

/**
 * On the order page: the customer's credit hold in force (no new orders on terms), and whether this order
 * was placed while the customer was held: slipped past the checks, or converted by an admin's override.
 */
export const OrderCreditHold = ({ customerId, mark }: { customerId: string | null; mark: ReceivableCreditHoldMark | null }) => {
  const { t, locale } = useLanguage()
  const { data } = useCreditHold(customerId)
  const users = useAdminUsers()
  const hold = data?.credit_hold
  if (!hold && !mark) {
    return null
  }
  const overrider = (users.data?.users ?? []).find((u: any) => u.id === mark?.overridden_by)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="order-credit-hold">
      {hold && (
        <div className="flex flex-col gap-y-1" data-testid="order-customer-credit-hold">
          <div className="flex items-center gap-x-2">
            <Badge size="2xsmall" color="red">
              {t("creditHold.title")}
            </Badge>
            <Text size="small" className="text-ui-tag-red-text">
              {t("creditHold.since", { date: formatDate(hold.placed_at, locale) })}
            </Text>
          </div>
          <Text size="small" className="text-ui-tag-red-text">
            {t("order.creditHold.customerHeld", { reason: hold.reason })}
          </Text>
        </div>
      )}
      {mark && (
        <div className="flex flex-col gap-y-1" data-testid="order-credit-hold-mark" data-kind={mark.kind}>
          <Badge size="2xsmall" color={mark.kind === "slipped" ? "red" : "orange"} className="self-start">
            {t(mark.kind === "slipped" ? "order.creditHold.slipped" : "order.creditHold.overridden")}
          </Badge>
          <Text size="small" className="text-ui-fg-subtle">
            {mark.kind === "slipped"
              ? t("order.creditHold.slippedHint", { reason: mark.hold_reason })
              : t("order.creditHold.overriddenHint", {
                  name: overrider ? userName(overrider) : t("creditHold.anAdmin"),
                  reason: mark.override_reason ?? "–",
                })}
          </Text>
        </div>
      )}
    </div>
  )
}
