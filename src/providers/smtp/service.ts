import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { createHash, randomUUID } from "crypto"
import { mkdir, rename, writeFile } from "fs/promises"
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer"
import path from "path"
import { deliveryFailureMessage } from "../../modules/dunning/domain/delivery"
import { sanitizeSubject } from "../../modules/dunning/templates"
import { parseAddressList, parseMailbox } from "../shared/addresses"
import { parseSmtpOptions, type SmtpOptions } from "./options"

const MESSAGE_ID = /^[A-Za-z0-9._%+-]{1,120}@[A-Za-z0-9.-]{1,120}$/

/**
 * The Message-ID of a notice, from the key delivery passes in `provider_data.message_id`. That key is the
 * same on every attempt of a notice, so a retry after a lost answer carries the same Message-ID and a
 * mailbox or archive that already has the message can recognise the copy. A key that is not already an
 * id (`local@domain`) is made into one: readable, plus a hash of the whole key so that no two keys meet.
 */
function messageIdOf(key: unknown, fromAddress: string): string | undefined {
  if (typeof key !== "string" || !key) {
    return undefined
  }
  if (MESSAGE_ID.test(key)) {
    return `<${key}>`
  }
  const readable = key.slice(0, 80).replace(/[^A-Za-z0-9_%+-]+/g, ".").replace(/^\.|\.$/g, "")
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 16)
  return `<${readable ? `${readable}.` : ""}${digest}@${fromAddress.split("@")[1]}>`
}

/**
 * Sends notices as e-mail with nodemailer: through SMTP (pooled, rate-limited) or, when no SMTP host is
 * configured, into an outbox folder as standard `.eml` files. Subject and bodies come from the
 * notification's `content`; CC, BCC, reply-to and a message id from its `provider_data`. Every address
 * is checked before it reaches a header. Failures carry their class (transient or permanent, and whether
 * the recipient itself was refused) so that delivery knows whether to retry, fall back or give up.
 */
function envelopeFrom(message: SendMailOptions): string {
  const from = message.from as string | { address: string }
  return typeof from === "string" ? from : from.address
}

export class DunningSmtpNotificationService extends AbstractNotificationProviderService {
  static identifier = "dunning-smtp"

  protected readonly options_: SmtpOptions
  protected readonly logger_: Logger
  protected transporter_: Transporter | null = null

  static validateOptions(options: Record<string, unknown>) {
    parseSmtpOptions(options)
  }

  constructor({ logger }: { logger: Logger }, options: Record<string, unknown>) {
    super()
    this.options_ = parseSmtpOptions(options)
    this.logger_ = logger
    if (this.options_.host) {
      const o = this.options_
      this.transporter_ = nodemailer.createTransport({
        host: o.host,
        port: o.port,
        secure: o.secure,
        requireTLS: o.requireTLS,
        auth: o.auth,
        pool: o.pool,
        maxConnections: o.maxConnections,
        maxMessages: o.maxMessages,
        rateLimit: o.rateLimit,
        rateDelta: o.rateDelta,
        connectionTimeout: o.connectionTimeout,
        greetingTimeout: o.greetingTimeout,
        socketTimeout: o.socketTimeout,
      } as any)
      logger.info(`dunning: notices are sent by SMTP through ${o.host}:${o.port ?? (o.secure ? 465 : 587)}`)
      if (o.auth && !o.secure && !o.requireTLS) {
        logger.warn(`dunning: allowInsecureAuth is set: the SMTP password may cross the network unencrypted`)
      }
    } else {
      logger.info(`dunning: no SMTP host configured; notices are written as .eml files to ${path.resolve(this.options_.outboxDir)}`)
    }
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const message = this.compose(notification)
    if (!this.transporter_) {
      return await this.writeToOutbox(message)
    }
    // the customer first; the CC and BCC copies (the same message, same Message-ID) only once the customer
    // has it, so a retry after a refused customer address never sends the manager a second copy
    const copies = [...((message.cc as string[]) ?? []), ...((message.bcc as string[]) ?? [])]
    const info = await this.transmit({ ...message, envelope: { from: envelopeFrom(message), to: message.to as string[] } })
    if (copies.length) {
      try {
        await this.transmit({ ...message, messageId: info.messageId, envelope: { from: envelopeFrom(message), to: copies } })
      } catch (error) {
        this.logger_.warn(`dunning: the notice reached the customer but the CC/BCC copy failed: ${(error as Error).message}`)
      }
    }
    return { id: info.messageId }
  }

  /** One SMTP transaction; fails when every envelope recipient was refused (a partial refusal is logged). */
  protected async transmit(message: SendMailOptions): Promise<{ messageId: string }> {
    let info: any
    try {
      info = await this.transporter_!.sendMail(message)
    } catch (error) {
      throw this.failure(error)
    }
    const recipients = ((message.envelope as { to: string[] }).to ?? []).map((a) => a.toLowerCase())
    const rejected = new Set(((info.rejected ?? []) as Array<string | { address: string }>).map((r) => (typeof r === "string" ? r : r.address).toLowerCase()))
    if (recipients.length && recipients.every((a) => rejected.has(a))) {
      const reason = (info.rejectedErrors ?? [])[0] ?? { message: "all recipients were refused", responseCode: 550 }
      throw this.failure({ ...reason, command: "RCPT TO", message: reason.message })
    }
    if (recipients.some((a) => rejected.has(a))) {
      this.logger_.warn(`dunning: the server refused ${[...rejected].join(", ")}; the message went to the other recipients`)
    }
    return { messageId: info.messageId }
  }

  protected compose(notification: ProviderSendNotificationDTO): SendMailOptions {
    const content = notification.content
    if (!content?.subject || (!content.html && !content.text)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        deliveryFailureMessage("permanent", "NO_CONTENT", "the notification has no rendered subject and body")
      )
    }
    const to = parseAddressList(notification.to)
    if (!to?.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        deliveryFailureMessage("permanent", "BAD_RECIPIENT", "the recipient is not a valid e-mail address", { recipient: true })
      )
    }
    const data = (notification.provider_data ?? {}) as Record<string, unknown>
    const cc = data.cc === undefined ? [] : parseAddressList(data.cc)
    const bcc = data.bcc === undefined ? [] : parseAddressList(data.bcc)
    const replyTo = data.reply_to ?? this.options_.replyTo
    const replyMailbox = replyTo ? parseMailbox(replyTo) : null
    const from = parseMailbox(notification.from?.trim() || this.options_.from)
    if (!cc || !bcc || (replyTo && !replyMailbox) || !from) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        deliveryFailureMessage("permanent", "BAD_ADDRESS", "a CC, BCC, reply-to or sender address is not valid")
      )
    }
    const messageId = messageIdOf(data.message_id, from.address)
    return {
      from: from.name ? { name: from.name, address: from.address } : from.address,
      to,
      cc: cc.length ? cc : undefined,
      bcc: bcc.length ? bcc : undefined,
      replyTo: replyMailbox ? (replyMailbox.name ? { name: replyMailbox.name, address: replyMailbox.address } : replyMailbox.address) : undefined,
      subject: sanitizeSubject(content.subject),
      html: content.html ?? undefined,
      text: content.text ?? undefined,
      messageId,
      attachments: (notification.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        encoding: "base64",
        contentType: a.content_type,
        contentDisposition: a.disposition === "inline" ? ("inline" as const) : ("attachment" as const),
        cid: a.id ?? undefined,
      })),
    }
  }

  /** Writes the message as an .eml file (RFC 5322, as it would go over the wire); the file name is its message id. */
  protected async writeToOutbox(message: SendMailOptions): Promise<ProviderSendNotificationResultsDTO> {
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" })
    const info = await stream.sendMail(message)
    const day = new Date().toISOString().slice(0, 10)
    const folder = path.resolve(this.options_.outboxDir, day)
    await mkdir(folder, { recursive: true })
    const name = `${Date.now()}-${String(info.messageId).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120)}.eml`
    const temporary = path.join(folder, `.${name}.${randomUUID()}.tmp`)
    await writeFile(temporary, info.message as Buffer)
    await rename(temporary, path.join(folder, name))
    return { id: info.messageId }
  }

  protected failure(error: unknown): MedusaError {
    const e = error as { responseCode?: number; code?: string; command?: string; message?: string }
    const text = `${e.message ?? "sending failed"}`.replace(/\s+/g, " ").slice(0, 300)
    if (typeof e.responseCode === "number") {
      const permanent = e.responseCode >= 500
      const recipient = permanent && (e.command === "RCPT TO" || e.code === "EENVELOPE")
      return new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        deliveryFailureMessage(permanent ? "permanent" : "transient", e.responseCode, text, { recipient })
      )
    }
    if (e.code === "EENVELOPE") {
      return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, deliveryFailureMessage("permanent", e.code, text, { recipient: true }))
    }
    // connection, TLS, authentication and unknown errors say nothing about the notice: try again later
    return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, deliveryFailureMessage("transient", e.code ?? null, text))
  }
}
