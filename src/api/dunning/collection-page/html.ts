import type { MedusaResponse } from "@medusajs/framework/http"
import { createHash } from "crypto"
import type { PageStrings } from "./strings"

/**
 * The collection page's HTML frame: every value escaped, one small stylesheet allowed by its hash, no
 * script, nothing loaded from elsewhere, and headers that keep the page out of frames, caches and
 * referrers (the link's token is in its address, so no other site may see it).
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" }

/** Text for an HTML text node or a quoted attribute. */
export function escape(value: unknown): string {
  return String(value ?? "").replace(/[&<>"'`]/g, (c) => ESCAPES[c])
}

/** Tagged template that escapes every value, except values made by `html` itself (already safe). */
export class Safe {
  constructor(readonly text: string) {}
  toString() {
    return this.text
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + strings[i + 1]
  }
  return new Safe(out)
}

function render(value: unknown): string {
  if (value instanceof Safe) {
    return value.text
  }
  if (Array.isArray(value)) {
    return value.map(render).join("")
  }
  if (value === null || value === undefined || value === false) {
    return ""
  }
  return escape(value)
}

// contrast of text and links is above 7:1 on white; the focus ring shows where the keyboard is
const CSS = [
  "body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0 auto;max-width:62rem;padding:1rem}",
  "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}a{color:#0b4f9c}",
  "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem;border-bottom:1px solid #bbb;vertical-align:top}",
  ".n{text-align:right;white-space:nowrap}.late{color:#a4001d;font-weight:600}",
  "label{display:block;margin-top:.75rem;font-weight:600}input,select,textarea{font:inherit;padding:.35rem;max-width:100%}",
  "button{font:inherit;margin-top:1rem;padding:.55rem 1.1rem;background:#1b1b1b;color:#fff;border:0;border-radius:4px;cursor:pointer}",
  ":focus-visible{outline:3px solid #c25e00;outline-offset:2px}.hint{color:#444;font-size:.9rem}",
  ".note{background:#f2f2f2;border-left:4px solid #1b1b1b;padding:.75rem 1rem}.error{border-color:#a4001d}",
  "@media (max-width:40rem){thead{display:none}tr,td{display:block}td{border:0;padding:.15rem 0}",
  "tr{border-bottom:1px solid #bbb;padding:.6rem 0}td[data-label]::before{content:attr(data-label) \": \";font-weight:600}.n{text-align:left}}",
].join("")

const CSS_HASH = createHash("sha256").update(CSS).digest("base64")

/** The page's Content-Security-Policy: its own stylesheet, forms posting to itself, nothing else. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${CSS_HASH}'`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ")

/** Headers of every answer of the page, errors included. */
export function setPageHeaders(res: MedusaResponse) {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
  res.setHeader("X-Frame-Options", "DENY")
  res.setHeader("Referrer-Policy", "no-referrer")
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin")
  res.setHeader("X-Robots-Tag", "noindex, nofollow")
}

export function layout(strings: PageStrings, title: string, body: Safe): string {
  return (
    "<!doctype html>" +
    html`<html lang="${strings.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">` +
    html`<title>${title}</title><style>${new Safe(CSS)}</style></head><body><main>${body}</main></body></html>`
  )
}

/** Sends a page with its status. */
export function sendPage(res: MedusaResponse, status: number, strings: PageStrings, title: string, body: Safe) {
  setPageHeaders(res)
  res.status(status).type("html").send(layout(strings, title, body))
}

/** The one page every refused link gets, whatever was wrong with it. */
export function sendLinkRefused(res: MedusaResponse, strings: PageStrings) {
  sendPage(res, 404, strings, strings.errors.link.title, html`<h1>${strings.errors.link.title}</h1><p>${strings.errors.link.body}</p>`)
}

export function sendMessage(res: MedusaResponse, status: number, strings: PageStrings, title: string, message: string, back?: string) {
  sendPage(
    res,
    status,
    strings,
    title,
    html`<h1>${title}</h1><p class="note${status >= 400 ? " error" : ""}" role="${status >= 400 ? "alert" : "status"}">${message}</p>${
      back ? html`<p><a href="${back}">${strings.back}</a></p>` : ""
    }`
  )
}
