import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { DunningWebhookNotificationService } from "./service"

export { signWebhookBody, verifyWebhookSignature, SIGNATURE_HEADER } from "./signature"

/**
 * Register under the notification module:
 * `{ resolve: "medusa-plugin-dunning/providers/webhook", id: "dunning-webhook", options: { channels: ["webhook"], url, secret } }`
 */
export default ModuleProvider(Modules.NOTIFICATION, { services: [DunningWebhookNotificationService] })
