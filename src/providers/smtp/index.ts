import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { DunningSmtpNotificationService } from "./service"

/**
 * Register under the notification module:
 * `{ resolve: "medusa-plugin-dunning/providers/smtp", id: "dunning-smtp", options: { channels: ["email"], from, host, ... } }`
 */
export default ModuleProvider(Modules.NOTIFICATION, { services: [DunningSmtpNotificationService] })
