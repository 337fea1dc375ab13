import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { tokenFingerprint } from "../../../modules/dunning/domain/collection-link"
import type DunningModuleService from "../../../modules/dunning/service"
import { customerCards, type CustomerCard } from "../../../workflows/dunning/run-context"
import { sendLinkRefused, sendMessage, setPageHeaders } from "./html"
import { acceptedLanguage, stringsFor, type PageStrings } from "./strings"

/**
 * What every request of the collection page goes through, before anything is read or written: strict
 * headers, the rate limit (per link and per client address), and the link itself, the only credential
 * (signed with the current secret, not expired, not revoked, for a customer that exists). Every refused
 * link gets the same page, whatever was wrong with it; the log says which link by its fingerprint, never
 * the token. Forms are checked for their Origin and their form token, bound to the link and the page.
 */
export type PageContext = {
  token: string
  customer_id: string
  now: Date
  dunning: DunningModuleService
  strings: PageStrings
  rep_user_id: string | null
  card: CustomerCard
  /** The page's own path, `/dunning/c/<token>`, that its links and forms lead back to. */
  base: string
}

type Handler = (req: MedusaRequest, res: MedusaResponse, page: PageContext) => Promise<void>

/** A route of the page: every request opened by `openPage`, every error answered with a plain page. */
export function pageRoute(handler: Handler) {
  return async (req: MedusaRequest, res: MedusaResponse) => {
    let page: PageContext | null = null
    try {
      page = await openPage(req, res)
      if (page) {
        await handler(req, res, page)
      }
    } catch (error) {
      answerError(req, res, page, error)
    }
  }
}

async function openPage(req: MedusaRequest, res: MedusaResponse): Promise<PageContext | null> {
  setPageHeaders(res)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const token = String(req.params.token ?? "")
  const fingerprint = tokenFingerprint(token)
  // the request log (Medusa's HTTP log) reads the address after the answer: it shall not see the token
  req.originalUrl = req.originalUrl.split(token).join(`redacted-${fingerprint}`)
  const storeLanguage = dunning.getOptions().defaultLanguage
  const fallback = stringsFor(acceptedLanguage(req.get("accept-language")), storeLanguage)
  const now = new Date()
  const allowance = dunning.takeSelfServiceAllowance({ link: token, address: req.ip ?? "unknown", now })
  if (!allowance.allowed) {
    res.setHeader("Retry-After", String(allowance.retry_after_seconds))
    sendMessage(res, 429, fallback, fallback.errors.tooMany(allowance.retry_after_seconds), fallback.errors.tooMany(allowance.retry_after_seconds))
    return null
  }
  const reading = await dunning.readCollectionLink(token, now)
  const card = reading ? (await customerCards(req.scope, [reading.claims.customer_id])).get(reading.claims.customer_id) : undefined
  if (!reading || !card) {
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).info(`dunning: the collection page refused link ${fingerprint}`)
    sendLinkRefused(res, fallback)
    return null
  }
  return {
    token,
    customer_id: reading.claims.customer_id,
    now,
    dunning,
    strings: stringsFor(reading.language ?? acceptedLanguage(req.get("accept-language")), storeLanguage),
    rep_user_id: reading.rep_user_id,
    card,
    base: `/dunning/c/${token}`,
  }
}

/**
 * The nonce of the page a form came from, when the form is genuine: sent from this site with a form token
 * made for this link. Otherwise answers 403 and returns null.
 */
export function checkForm(req: MedusaRequest, res: MedusaResponse, page: PageContext): string | null {
  const allowed = [new URL(page.dunning.selfServiceSettings().base_url).origin, `${req.protocol}://${req.get("host")}`]
  const body = (req.body ?? {}) as Record<string, unknown>
  const nonce = fromThisSite(req, allowed) ? page.dunning.readSelfServiceForm(body.form_token, page.token) : null
  if (!nonce) {
    sendMessage(res, 403, page.strings, page.strings.errors.form, page.strings.errors.form, page.base)
    return null
  }
  return nonce
}

/**
 * Whether a form was sent from this site, as far as the browser says. A browser names the sending site in
 * `Sec-Fetch-Site` and, usually, `Origin`; under the page's `Referrer-Policy: no-referrer` it sends
 * `Origin: null` even for the page's own forms, and then only `Sec-Fetch-Site: same-origin` vouches for the
 * form. A client that sends neither header (not a browser) is judged by the form token alone.
 */
function fromThisSite(req: MedusaRequest, allowed: string[]): boolean {
  const site = req.get("sec-fetch-site")
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return false
  }
  const origin = req.get("origin")
  if (origin === undefined) {
    return true
  }
  return origin === "null" ? site === "same-origin" : allowed.includes(origin)
}

/** The store's default language, for pages shown before the customer is known (English if even the module cannot be reached). */
function storeLanguageOf(req: MedusaRequest): string {
  try {
    return req.scope.resolve<DunningModuleService>(DUNNING_MODULE).getOptions().defaultLanguage
  } catch {
    return "en"
  }
}

function answerError(req: MedusaRequest, res: MedusaResponse, page: PageContext | null, error: unknown) {
  const strings = page?.strings ?? stringsFor(acceptedLanguage(req.get("accept-language")), storeLanguageOf(req))
  if (res.headersSent) {
    return
  }
  if (MedusaError.isMedusaError(error)) {
    const e = error as MedusaError
    if (e.type === MedusaError.Types.NOT_FOUND) {
      sendLinkRefused(res, strings)
      return
    }
    if (e.type === MedusaError.Types.INVALID_DATA || e.type === MedusaError.Types.NOT_ALLOWED) {
      sendMessage(res, 400, strings, strings.errors.check, `${strings.errors.check} ${e.message}`, page?.base)
      return
    }
  }
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const where = page ? `link ${tokenFingerprint(page.token)}` : "a request"
  logger.error(`dunning: the collection page failed for ${where}: ${(error as Error)?.message ?? String(error)}`)
  sendMessage(res, 500, strings, strings.errors.problem, strings.errors.problem, page?.base)
}
