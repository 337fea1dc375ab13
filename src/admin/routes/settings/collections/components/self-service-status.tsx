import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useSelfServiceSettings } from "../../../../hooks/api/self-service"
import { useLanguage } from "../../../../hooks/use-language"
import { formatList, plural } from "../../../../lib/i18n"

/** Whether customers can answer notices on their collection page, and how it is set up (plugin options, read only). */
export const SelfServiceStatus = () => {
  const lang = useLanguage()
  const { t, locale } = lang
  const settings = useSelfServiceSettings()
  const s = settings.data?.self_service
  if (!s) {
    return null
  }
  const pay = s.payment_providers.length
    ? t("settings.selfService.payProviders", { providers: formatList(s.payment_providers, locale) })
    : t(s.payment_url ? "settings.selfService.payLinks" : "settings.selfService.noPayment")
  return (
    <Container className="flex flex-col gap-y-1 px-6 py-4" data-testid="self-service-status">
      <div className="flex items-center gap-x-2">
        <Heading level="h2">{t("settings.selfService.title")}</Heading>
        <Badge size="2xsmall" color={s.enabled ? "green" : "grey"}>
          {t(s.enabled ? "settings.selfService.on" : "settings.selfService.off")}
        </Badge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {s.enabled
          ? t("settings.selfService.onText", {
              url: s.base_url,
              ttl: plural(lang, "format.days", s.link_ttl_days),
              ahead: plural(lang, "format.days", s.promise_max_days),
              pay,
            })
          : t("settings.selfService.offText")}
      </Text>
    </Container>
  )
}
