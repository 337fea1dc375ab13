import { configManager } from "@medusajs/framework/config"
import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { newFormNonce, readCollectionLink, readFormToken, signCollectionLink, signFormToken, tokenFingerprint, type CollectionLinkClaims } from "../domain/collection-link"
import { RateCounter, type RateDecision } from "../domain/rate-counter"
import type { DunningOptions } from "../options"
import { selfServiceEnabled, selfServiceSettings, type SelfServiceOptions, type SelfServiceSettings } from "../self-service-options"
import { runSql, textArray } from "../sql"

/**
 * What the customer's collection page and the storefront routes read and write in the module: the links
 * (signed and read with the plugin's secret; each customer's link version, which revoking moves on), the
 * page's form tokens, the customer's receivables as the customer may see them, and the request counter the
 * page is rate-limited with (in memory, per instance).
 */
export type LinkState = { customer_id: string; link_version: number; links_revoked_at: Date | null; last_sent_at: Date | null }

/** A customer's links as they were before a revocation, to put back in a compensation. */
export type LinkSnapshot = { customer_id: string; created_profile_id: string | null; link_version: number; links_revoked_at: Date | null }

/** A receivable as its customer sees it: amounts as exact decimal strings. */
export type CustomerReceivableRow = {
  id: string
  number: string
  order_id: string | null
  currency_code: string
  amount: string
  amount_paid: string
  issued_at: Date
  due_at: Date | null
  status: string
  paid_at: Date | null
  hold_until: Date | null
  hold_reason: string | null
}

/** A link that is good: whose it is, and how the page speaks to that customer. */
export type LinkReading = { claims: CollectionLinkClaims; language: string | null; rep_user_id: string | null }

export type CustomerReceivablesInput = {
  customer_id: string
  statuses: string[]
  ids?: string[]
  limit: number
  offset: number
}

/** Each customer's link version and revocation, with when the last notice (and so the last link) went out; returns one row per customer asked about. */
const LINK_STATES = `
  SELECT c.customer_id, coalesce(p.link_version, 0) AS link_version, p.links_revoked_at,
         (SELECT max(n.sent_at) FROM dunning_notice n
           WHERE n.customer_id = c.customer_id AND n.status = 'sent' AND n.deleted_at IS NULL) AS last_sent_at
    FROM unnest(?::text[]) AS c(customer_id)
    LEFT JOIN dunning_collection_profile p ON p.customer_id = c.customer_id AND p.deleted_at IS NULL`

/** Moves a customer's link version on (creating the profile when there is none); returns the profile's id and the fields as they were. */
const REVOKE_LINKS = `
  WITH previous AS (
    SELECT id, link_version, links_revoked_at FROM dunning_collection_profile
     WHERE customer_id = ? AND deleted_at IS NULL FOR UPDATE)
  INSERT INTO dunning_collection_profile (id, customer_id, link_version, links_revoked_at)
  VALUES (?, ?, 1, ?)
  ON CONFLICT (customer_id) WHERE deleted_at IS NULL DO UPDATE
     SET link_version = dunning_collection_profile.link_version + 1, links_revoked_at = EXCLUDED.links_revoked_at, updated_at = now()
  RETURNING id, (SELECT link_version FROM previous) AS previous_version, (SELECT links_revoked_at FROM previous) AS previous_revoked_at,
            (SELECT id FROM previous) AS previous_id`

const RESTORE_LINKS = `
  UPDATE dunning_collection_profile SET link_version = ?, links_revoked_at = ?, updated_at = now()
   WHERE customer_id = ? AND deleted_at IS NULL`

const DELETE_PROFILE = `DELETE FROM dunning_collection_profile WHERE id = ?`

/**
 * What reading a link needs, in one round trip: the customer's link version, and the language and rep the
 * page speaks with (the profile's language, else that of the customer's last notice); returns one row.
 */
const LINK_READING = `
  SELECT coalesce(p.link_version, 0) AS link_version, p.preferred_language, p.rep_user_id,
         (SELECT n.language FROM dunning_notice n
           WHERE n.customer_id = ? AND n.status = 'sent' AND n.deleted_at IS NULL AND n.language IS NOT NULL
           ORDER BY n.sent_at DESC LIMIT 1) AS notice_language
    FROM (SELECT 1) one LEFT JOIN dunning_collection_profile p ON p.customer_id = ? AND p.deleted_at IS NULL`

/** What the page says in which language: the profile's language, else that of the customer's last notice; returns one row. */
const PAGE_FACTS = `
  SELECT p.preferred_language, p.rep_user_id,
         (SELECT n.language FROM dunning_notice n
           WHERE n.customer_id = ? AND n.status = 'sent' AND n.deleted_at IS NULL AND n.language IS NOT NULL
           ORDER BY n.sent_at DESC LIMIT 1) AS notice_language
    FROM (SELECT 1) one LEFT JOIN dunning_collection_profile p ON p.customer_id = ? AND p.deleted_at IS NULL`

const RECEIVABLE_COLUMNS = `id, number, order_id, currency_code,
  coalesce(raw_amount->>'value', amount::text) AS amount, coalesce(raw_amount_paid->>'value', amount_paid::text) AS amount_paid,
  issued_at, due_at, status, paid_at, hold_until, hold_reason`

/** One customer's receivables in some statuses (and among some ids), oldest due first, a page of them with the count of all; uses the (customer_id, status) index. */
const CUSTOMER_RECEIVABLES = (withIds: boolean) => `
  SELECT ${RECEIVABLE_COLUMNS}, count(*) OVER () AS total_count
    FROM dunning_receivable
   WHERE customer_id = ? AND status = ANY(?::text[]) AND deleted_at IS NULL${withIds ? " AND id = ANY(?::text[])" : ""}
   ORDER BY due_at ASC NULLS LAST, number ASC, id ASC
   LIMIT ? OFFSET ?`

/** What one customer owes per currency, over every open receivable; returns one row per currency. */
const OPEN_TOTALS = `
  SELECT currency_code, sum(amount - amount_paid)::text AS outstanding, count(*)::int AS count
    FROM dunning_receivable
   WHERE customer_id = ? AND status = 'open' AND deleted_at IS NULL
   GROUP BY currency_code ORDER BY currency_code`

export class SelfServiceService extends InternalService {
  private counter: RateCounter | null = null
  private counterShape = ""

  /** Link versions, revocations and last notices of these customers (version 0 for a customer without a profile). */
  @InjectManager()
  async linkStates(customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, LinkState>> {
    if (!customerIds.length) {
      return new Map()
    }
    const rows: LinkState[] = await runSql(sharedContext.manager, LINK_STATES, [textArray([...new Set(customerIds)])])
    return new Map(rows.map((r) => [r.customer_id, { ...r, link_version: Number(r.link_version) }]))
  }

  /** Revokes every link sent to the customer so far; returns what to put back to undo it. */
  @InjectTransactionManager()
  async revokeLinks(input: { customer_id: string; now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<LinkSnapshot> {
    const [row] = await runSql(sharedContext.transactionManager, REVOKE_LINKS, [
      input.customer_id,
      generateEntityId(undefined, "cprof"),
      input.customer_id,
      input.now,
    ])
    return {
      customer_id: input.customer_id,
      created_profile_id: row.previous_id ? null : row.id,
      link_version: Number(row.previous_version ?? 0),
      links_revoked_at: row.previous_revoked_at ?? null,
    }
  }

  /** Undoes `revokeLinks`. */
  @InjectTransactionManager()
  async restoreLinks(snapshot: LinkSnapshot, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (snapshot.created_profile_id) {
      await runSql(sharedContext.transactionManager, DELETE_PROFILE, [snapshot.created_profile_id])
      return
    }
    await runSql(sharedContext.transactionManager, RESTORE_LINKS, [snapshot.link_version, snapshot.links_revoked_at, snapshot.customer_id])
  }

  /** The customer's language for the page and rep, as the notices use them. */
  @InjectManager()
  async pageFacts(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ language: string | null; rep_user_id: string | null }> {
    const [row] = await runSql(sharedContext.manager, PAGE_FACTS, [customerId, customerId])
    return { language: row?.preferred_language ?? row?.notice_language ?? null, rep_user_id: row?.rep_user_id ?? null }
  }

  /** A page of one customer's receivables, and how many there are in all. */
  @InjectManager()
  async customerReceivables(
    input: CustomerReceivablesInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: CustomerReceivableRow[]; count: number }> {
    const withIds = input.ids !== undefined
    if (withIds && !input.ids!.length) {
      return { rows: [], count: 0 }
    }
    const params: unknown[] = [input.customer_id, textArray(input.statuses), ...(withIds ? [textArray(input.ids!)] : []), input.limit, input.offset]
    const rows: Array<CustomerReceivableRow & { total_count: string }> = await runSql(sharedContext.manager, CUSTOMER_RECEIVABLES(withIds), params)
    return { rows: rows.map(({ total_count, ...row }) => row), count: Number(rows[0]?.total_count ?? 0) }
  }

  /** What the customer owes per currency over every open receivable. */
  @InjectManager()
  async openTotals(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ currency_code: string; outstanding: string; count: number }>> {
    return await runSql(sharedContext.manager, OPEN_TOTALS, [customerId])
  }

  /** The page's settings, with the backend's public URL as the admin knows it. */
  settings(options: DunningOptions): SelfServiceSettings {
    return selfServiceSettings(options, configuredBackendUrl(), process.env.PORT)
  }

  issueLink(options: DunningOptions, input: { customer_id: string; link_version: number; now: Date }): { url: string; token: string; expires_at: Date } | null {
    if (!selfServiceEnabled(options)) {
      return null
    }
    const expires_at = new Date(input.now.getTime() + options.selfService.linkTtlDays * 86_400_000)
    const token = signCollectionLink({ customer_id: input.customer_id, expires_at, version: input.link_version }, options.selfService.secret!)
    return { url: `${this.settings(options).base_url}/dunning/c/${token}`, token, expires_at }
  }

  /** A link that is good at `now`, its version still the customer's, with the customer's language and rep; null for any other. */
  @InjectManager()
  async readLink(options: DunningOptions, token: string, now: Date, @MedusaContext() sharedContext: Context = {}): Promise<LinkReading | null> {
    if (!selfServiceEnabled(options)) {
      return null
    }
    const reading = readCollectionLink(token, options.selfService.secret!, now)
    if (!reading.ok) {
      return null
    }
    const { customer_id } = reading.claims
    const [row] = await runSql(sharedContext.manager, LINK_READING, [customer_id, customer_id])
    if (Number(row.link_version) !== reading.claims.version) {
      return null
    }
    return { claims: reading.claims, language: row.preferred_language ?? row.notice_language ?? null, rep_user_id: row.rep_user_id ?? null }
  }

  signForm(options: DunningOptions, linkToken: string): { nonce: string; token: string } {
    const nonce = newFormNonce()
    return { nonce, token: signFormToken(linkToken, nonce, options.selfService.secret ?? "") }
  }

  readForm(options: DunningOptions, value: unknown, linkToken: string): string | null {
    return selfServiceEnabled(options) ? readFormToken(value, linkToken, options.selfService.secret!) : null
  }

  /**
   * Counts one request against its link (by fingerprint) and its client address; refused when either is
   * over its limit. The counter holds at most `trackedKeys` keys.
   */
  takeAllowance(limits: SelfServiceOptions["rateLimit"], input: { link: string; address: string; now: Date }): RateDecision {
    const shape = `${limits.windowSeconds}:${limits.trackedKeys}`
    if (!this.counter || this.counterShape !== shape) {
      this.counter = new RateCounter(limits.windowSeconds * 1000, limits.trackedKeys)
      this.counterShape = shape
    }
    let decision: RateDecision = { allowed: true, retry_after_seconds: 0 }
    for (const [key, limit] of [
      [`link:${tokenFingerprint(input.link)}`, limits.perLink],
      [`address:${input.address}`, limits.perAddress],
    ] as const) {
      const taken = this.counter.take(key, limit, input.now)
      if (!taken.allowed && taken.retry_after_seconds >= decision.retry_after_seconds) {
        decision = taken
      }
    }
    return decision
  }
}

/** The backend's public URL as the admin is configured with it, when it is an absolute one. */
function configuredBackendUrl(): string | undefined {
  try {
    const url = (configManager.config as any)?.admin?.backendUrl
    return typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined
  } catch {
    return undefined
  }
}
