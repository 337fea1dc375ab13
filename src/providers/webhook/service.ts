import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { deliveryFailureMessage } from "../../modules/dunning/domain/delivery"
import { parseWebhookOptions, type WebhookOptions } from "./options"
import { SIGNATURE_HEADER, signWebhookBody } from "./signature"

/**
 * Delivers a notice as a signed JSON POST, for the merchant to pass on by SMS, WhatsApp or an automated
 * call. The body carries the recipient, the rendered subject and text, and the notice's data; the
 * `X-Dunning-Signature` header signs timestamp and body with HMAC-SHA256, and `Idempotency-Key` lets the
 * receiver drop a repeat. A 2xx answer is success; 408, 429 and 5xx (or no answer) are retried; any other
 * 4xx is final.
 */
export class DunningWebhookNotificationService extends AbstractNotificationProviderService {
  static identifier = "dunning-webhook"

  protected readonly options_: WebhookOptions

  static validateOptions(options: Record<string, unknown>) {
    parseWebhookOptions(options)
  }

  constructor({ logger }: { logger: Logger }, options: Record<string, unknown>) {
    super()
    this.options_ = parseWebhookOptions(options)
    logger.info(`dunning: webhook notices are posted to ${new URL(this.options_.url).origin}`)
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const data = (notification.provider_data ?? {}) as Record<string, unknown>
    const idempotencyKey = typeof data.message_id === "string" ? data.message_id : null
    const body = JSON.stringify({
      id: idempotencyKey,
      channel: notification.channel,
      to: notification.to,
      template: notification.template,
      subject: notification.content?.subject ?? null,
      text: notification.content?.text ?? null,
      data: notification.data ?? {},
      sent_at: new Date().toISOString(),
    })
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.options_.timeoutMs)
    let response: Response
    try {
      response = await fetch(this.options_.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signWebhookBody(body, this.options_.secret),
          ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
        },
        body,
        signal: controller.signal,
        redirect: "error",
      })
    } catch (error) {
      const reason = controller.signal.aborted ? "timed out" : `could not connect: ${(error as Error).message}`
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, deliveryFailureMessage("transient", "NETWORK", `webhook ${reason}`))
    } finally {
      clearTimeout(timer)
    }
    if (response.ok) {
      return { id: response.headers.get("x-message-id") ?? idempotencyKey ?? undefined }
    }
    const retry = response.status >= 500 || response.status === 408 || response.status === 429
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      deliveryFailureMessage(retry ? "transient" : "permanent", response.status, `webhook answered ${response.status}`)
    )
  }
}
