import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import fs from "fs"
import path from "path"
import { answerKey, recordCustomerAnswer, tokenFingerprint } from "medusa-plugin-dunning/workflows"
import type { Profile } from "./profile"

/**
 * A customer answering a notice on the collection page, as the page does it but without a browser: the
 * customer opens the notice the delivery wrote to the .eml outbox and follows its link. The link's token is
 * checked by the plugin (`readCollectionLink` at the simulated moment: signed with the store's secret, not
 * expired, not revoked), the page's form token is made and read back for the page's nonce, and the answer
 * is recorded with the page's workflow (`recordCustomerAnswer`, source `collection_page`) under the key the
 * page gives it. A link that does not verify stops the demo: it would be a bug in the plugin.
 */

type Knex = any

/** The notice the customer answers: the one the delivery sent at that moment. */
export type AnsweredNotice = { id: string; customer_id: string }

export type PagePromise = {
  /** The invoices the customer means to pay: the promised amount is what the page shows outstanding on them (in the first one's currency). */
  paying: string[]
  promised_date: Date
  note: string
}

export type PageDispute = { receivable_id: string; reason: string }

/** Each reading of the page's link: the notice's .eml, the link in it, and whose link it is. */
type OpenedLink = { token: string; customer_id: string; file: string }

export class CollectionPage {
  constructor(
    private readonly container: MedusaContainer,
    private readonly profile: Profile,
    private readonly outbox: string
  ) {}

  /** The customer promises, on the page its notice links to, to pay by a date what it owes on some invoices. */
  async promise(notice: AnsweredNotice, at: Date, promise: PagePromise): Promise<Record<string, any>> {
    const link = await this.open(notice, at)
    const amount = await this.outstanding(link.customer_id, promise.paying)
    return this.answer(link, at, ["promise"], {
      kind: "promise",
      // the page's date field: a calendar day, sent as its UTC midnight
      promised_date: new Date(`${promise.promised_date.toISOString().slice(0, 10)}T00:00:00.000Z`),
      promised_amount: amount?.amount ?? null,
      promised_currency_code: amount?.currency_code ?? null,
      note: promise.note,
    })
  }

  /** The customer disputes one invoice, with its reason, on the page its notice links to. */
  async dispute(notice: AnsweredNotice, at: Date, dispute: PageDispute): Promise<Record<string, any>> {
    const link = await this.open(notice, at)
    return this.answer(link, at, ["dispute", dispute.receivable_id], {
      kind: "dispute",
      receivable_ids: [dispute.receivable_id],
      reason: dispute.reason,
    })
  }

  /** The notice's .eml, the link it carries, and the plugin's reading of it at `at`; throws when the page would refuse it. */
  private async open(notice: AnsweredNotice, at: Date): Promise<OpenedLink> {
    const dunning: any = this.container.resolve("dunning")
    const { file, token } = await this.linkOf(notice, dunning.selfServiceSettings().base_url)
    const reading = await dunning.readCollectionLink(token, at)
    if (!reading || reading.claims.customer_id !== notice.customer_id) {
      throw new Error(`the collection page refuses the link of notice ${notice.id} (${path.basename(file)}) at ${at.toISOString()}`)
    }
    return { token, customer_id: reading.claims.customer_id, file }
  }

  /**
   * The link in the .eml the delivery wrote for the notice. The outbox names a file after its Message-ID,
   * which the notice keeps (`provider_message_id`); the notice's stored copy keeps the link's fingerprint,
   * so the file is the one whose link has that fingerprint.
   */
  private async linkOf(notice: AnsweredNotice, baseUrl: string): Promise<{ file: string; token: string }> {
    const knex: Knex = this.container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const row = await knex("dunning_notice").select("provider_message_id", "body_html").where({ id: notice.id, status: "sent" }).first()
    if (!row?.provider_message_id) {
      throw new Error(`notice ${notice.id} was not sent to the outbox`)
    }
    const suffix = `-${String(row.provider_message_id).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120)}.eml`
    const files = listFiles(this.outbox).filter((f) => path.basename(f).endsWith(suffix))
    const link = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/dunning/c/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`)
    const { simpleParser } = await import("mailparser")
    for (const file of files.sort().reverse()) {
      const mail = await simpleParser(fs.readFileSync(file))
      const token = link.exec(`${mail.html || ""}\n${mail.text ?? ""}`)?.[1]
      if (token && String(row.body_html ?? "").includes(`redacted-${tokenFingerprint(token)}`)) {
        return { file, token }
      }
    }
    throw new Error(`no .eml in ${this.outbox} carries the collection page link of notice ${notice.id} (${files.length} with its Message-ID)`)
  }

  /** What the page shows outstanding on these open invoices of the customer's, in the first one's currency. */
  private async outstanding(customerId: string, ids: string[]): Promise<{ amount: string; currency_code: string } | null> {
    const dunning: any = this.container.resolve("dunning")
    const { rows } = await dunning.listCustomerReceivables({ customer_id: customerId, statuses: ["open"], ids, limit: ids.length, offset: 0 })
    const currency = rows[0]?.currency_code
    if (!currency) {
      return null
    }
    const total = rows
      .filter((r: { currency_code: string }) => r.currency_code === currency)
      .reduce((sum: any, r: { amount: string; amount_paid: string }) => MathBN.add(sum, MathBN.sub(r.amount, r.amount_paid)), MathBN.convert(0))
    return { amount: total.toFixed(2), currency_code: currency }
  }

  /**
   * The page's form round trip (a form token made when the page is shown, read back when the form comes
   * in: the page's nonce), then the answer as the page records it.
   */
  private async answer(link: OpenedLink, at: Date, parts: string[], answer: Record<string, unknown>): Promise<Record<string, any>> {
    const dunning: any = this.container.resolve("dunning")
    const form = dunning.signSelfServiceForm(link.token)
    const nonce: string | null = dunning.readSelfServiceForm(form.token, link.token)
    if (!nonce) {
      throw new Error("the collection page refuses its own form token")
    }
    const { event } = await this.profile.timed("collection page", () =>
      recordCustomerAnswer(this.container, {
        customer_id: link.customer_id,
        source: "collection_page",
        idempotency_key: answerKey(link.customer_id, "collection_page", [nonce, ...parts]),
        now: at,
        answer: answer as any,
      })
    )
    return event
  }
}

function listFiles(dir: string): string[] {
  if (!dir || !fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}
