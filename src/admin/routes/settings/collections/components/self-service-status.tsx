import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useSelfServiceSettings } from "../../../../hooks/api/self-service"

/** Whether customers can answer notices on their collection page, and how it is set up (plugin options, read only). */
export const SelfServiceStatus = () => {
  const settings = useSelfServiceSettings()
  const s = settings.data?.self_service
  if (!s) {
    return null
  }
  const pay = s.payment_providers.length
    ? `pay through ${s.payment_providers.join(", ")}`
    : s.payment_url
      ? "pay through the store's payment links"
      : "no online payment"
  return (
    <Container className="flex flex-col gap-y-1 px-6 py-4" data-testid="self-service-status">
      <div className="flex items-center gap-x-2">
        <Heading level="h2">Customer collection page</Heading>
        <Badge size="2xsmall" color={s.enabled ? "green" : "grey"}>
          {s.enabled ? "On" : "Off"}
        </Badge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {s.enabled
          ? `Every notice links to the customer's page at ${s.base_url}: links work ${s.link_ttl_days} days, promises up to ${s.promise_max_days} days ahead, ${pay}.`
          : "Notices carry no link to a collection page. Set the plugin option selfService.secret to turn it on."}
      </Text>
    </Container>
  )
}
