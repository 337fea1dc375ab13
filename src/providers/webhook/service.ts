import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { deliveryFailureMessage } from "../../modules/dunning/domain/delivery"
import { parseWebhookOptions, type WebhookOptions } from "./options"
import { SIGNATURE_HEADER, signWebhookBody } from "./signature"

/** The attempt number of this POST for the notice (1, 2, …); the idempotency key stays the same. */
export const ATTEMPT_HEADER = "x-dunning-attempt"

/** The most of a receiver's answer that is read (enough for an error message); the rest is never downloaded. */
export const MAX_ANSWER_BYTES = 64 * 1024

/**
 * Delivers a notice as a signed JSON POST, for the merchant to pass on by SMS, WhatsApp or an automated
 * call. The body carries the recipient, the rendered subject and text, and the notice's data; the
 * `X-Dunning-Signature` header signs timestamp and body with HMAC-SHA256. `Idempotency-Key` is the same on
 * every attempt of a notice on this channel, so a receiver that acted on an attempt whose answer we never
 * got can drop the retry; `X-Dunning-Attempt` says which attempt it is. A 2xx answer is success; 408, 429
 * and 5xx (or no complete answer within `timeoutMs`) are retried; any other 4xx is final. The answer is
 * read within the same timeout and only up to 64 KB, so a slow or endless answer cannot hold a delivery.
 */
export class DunningWebhookNotificationService extends AbstractNotificationProviderService {
  static identifier = "dunning-webhook"

  protected readonly options_: WebhookOptions
  protected readonly logger_: Logger

  static validateOptions(options: Record<string, unknown>) {
    parseWebhookOptions(options)
  }

  constructor({ logger }: { logger: Logger }, options: Record<string, unknown>) {
    super()
    this.options_ = parseWebhookOptions(options)
    this.logger_ = logger
    const origin = new URL(this.options_.url).origin
    logger.info(`dunning: webhook notices are posted to ${origin}`)
    if (origin.startsWith("http:")) {
      logger.warn(`dunning: the webhook URL is plain http (allowInsecureHttp); use https outside local development`)
    }
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const data = (notification.provider_data ?? {}) as Record<string, unknown>
    const idempotencyKey = typeof data.message_id === "string" ? data.message_id : null
    const attempt = typeof data.attempt === "number" && Number.isInteger(data.attempt) && data.attempt > 0 ? data.attempt : null
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
    // one deadline for the whole exchange: connecting, the status line and the answer's body
    const timer = setTimeout(() => controller.abort(), this.options_.timeoutMs)
    let response: Response
    let answer: Answer
    try {
      try {
        response = await fetch(this.options_.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [SIGNATURE_HEADER]: signWebhookBody(body, this.options_.secret),
            ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
            ...(attempt ? { [ATTEMPT_HEADER]: String(attempt) } : {}),
          },
          body,
          signal: controller.signal,
          redirect: "error",
        })
      } catch (error) {
        throw this.networkFailure(controller.signal.aborted ? "timed out" : `could not connect: ${(error as Error).message}`)
      }
      try {
        answer = await readAnswer(response, MAX_ANSWER_BYTES)
      } catch (error) {
        throw this.networkFailure(controller.signal.aborted ? "timed out while sending its answer" : `answer broke off: ${(error as Error).message}`)
      }
    } finally {
      clearTimeout(timer)
    }
    if (answer.truncated) {
      this.logger_.warn(`dunning: the webhook answered ${response.status} with more than ${MAX_ANSWER_BYTES} bytes; the rest was not read`)
    }
    if (response.ok) {
      return { id: response.headers.get("x-message-id")?.slice(0, 200) ?? idempotencyKey ?? undefined }
    }
    const retry = response.status >= 500 || response.status === 408 || response.status === 429
    const said = snippet(answer.text)
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      deliveryFailureMessage(retry ? "transient" : "permanent", response.status, `webhook answered ${response.status}${said ? `: ${said}` : ""}`)
    )
  }

  protected networkFailure(reason: string): MedusaError {
    return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, deliveryFailureMessage("transient", "NETWORK", `webhook ${reason}`))
  }
}

type Answer = { text: string; truncated: boolean }

/** Reads at most `limit` bytes of the answer, then cancels the body, which closes the connection. */
async function readAnswer(response: Response, limit: number): Promise<Answer> {
  if (!response.body) {
    return { text: "", truncated: false }
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      return { text: Buffer.concat(chunks).toString("utf-8"), truncated: false }
    }
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size))
      await reader.cancel().catch(() => undefined)
      return { text: Buffer.concat(chunks).toString("utf-8"), truncated: true }
    }
    chunks.push(value)
    size += value.byteLength
  }
}

/** The start of a receiver's error answer, on one line, for the notice's last error. */
function snippet(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029[\]]+/g, " ")
    .trim()
    .slice(0, 200)
}
