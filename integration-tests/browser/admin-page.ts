import fs from "fs"
import path from "path"
import { isDeepStrictEqual } from "util"
import type { Locator, Page } from "playwright-core"
import { ROOT, SCREENS } from "./admin-host"

/**
 * What the browser test reads off the admin's screens, and how it finds them: by role and visible text
 * first, test ids only for the plugin's own regions.
 */

const DAY = 86_400_000
const WAIT_MS = 30_000

/** A date as the admin shows it (en-US, UTC): "Dec 17, 2026". */
export function shownDay(value: string | Date): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(value))
}

/** The yyyy-mm-dd value a date input takes. */
export function dateInput(value: Date): string {
  return value.toISOString().slice(0, 10)
}

export function daysFrom(value: string | Date, days: number): Date {
  return new Date(new Date(value).getTime() + days * DAY)
}

/** "40 days overdue" as the admin labels an invoice due at `due` today (whole UTC calendar days). */
export function overdueLabel(due: string | Date): string {
  const utcDay = (d: Date) => Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / DAY)
  const days = utcDay(new Date()) - utcDay(new Date(due))
  return days > 0 ? `${days} ${days === 1 ? "day" : "days"} overdue` : days === 0 ? "due today" : `due in ${-days} days`
}

/** The text of an element with its whitespace folded, as a reader sees it on one line. */
export async function textOf(locator: Locator): Promise<string> {
  return fold(await locator.innerText())
}

/** Each body row of a table, as the folded text of each of its cells. */
export async function rowsOf(table: Locator): Promise<string[][]> {
  return await table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => (cell as HTMLElement).innerText)))
    .then((rows) => rows.map((cells) => cells.map(fold)))
}

function fold(text: string): string {
  return text.replace(/\s+/g, " ").trim()
}

/**
 * Reads `read` until it equals `expected` (the admin renders after its requests answer), then asserts it,
 * so a value that never comes fails with the difference between what was expected and what was shown.
 */
export async function shows<T>(read: () => Promise<T>, expected: T, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await read().catch(() => undefined)
    if (isDeepStrictEqual(last, expected)) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(last).toEqual(expected)
}

/**
 * Waits until the elements of the locator show the text as a reader sees it (innerText, its whitespace
 * folded: "Promises kept 0 of 0"), then asserts it, so a text that never comes fails showing what was there.
 */
export async function showsText(locator: Locator, text: string | RegExp, timeoutMs = WAIT_MS) {
  const read = async () => fold((await locator.allInnerTexts()).join(" "))
  const has = (shown: string) => (typeof text === "string" ? shown.includes(text) : text.test(shown))
  const deadline = Date.now() + timeoutMs
  let last = ""
  while (Date.now() < deadline) {
    last = await read().catch(() => "")
    if (has(last)) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  if (typeof text === "string") {
    expect(last).toContain(text)
  } else {
    expect(last).toMatch(text)
  }
}

/** The customer page's collections widget, once its invoices and history have loaded. */
export async function customerWidget(page: Page, base: string, customerId: string): Promise<Locator> {
  await page.goto(`${base}/app/customers/${customerId}`)
  const widget = page.getByTestId("dunning-customer-widget")
  await widget.getByRole("heading", { name: "Collection history" }).waitFor({ timeout: 60_000 })
  await widget.getByTestId("collection-summary").or(widget.getByText("No payment history yet")).first().waitFor({ timeout: WAIT_MS })
  return widget
}

/** Picks one of the widget's collection actions from its menu. */
export async function collectionAction(page: Page, widget: Locator, name: string) {
  await widget.getByRole("button", { name: "Collection actions" }).click()
  await page.getByRole("menuitem", { name }).click()
}

/** The history entries of one type (newest first), optionally those that mention a text. */
export function historyEntries(widget: Locator, type: string, hasText?: string | RegExp): Locator {
  const entries = widget.getByTestId("collection-events").locator(`li[data-event-type="${type}"]`)
  return hasText ? entries.filter({ hasText }) : entries
}

/** The open-invoices table's rows: invoice, due date and label, stage, next action, outstanding. */
export async function openInvoices(widget: Locator): Promise<string[][]> {
  return await rowsOf(widget.getByTestId("open-receivables"))
}

/** A toast the admin shows after an action (not the same words elsewhere on the page). */
export async function toast(page: Page, text: string) {
  await page.locator("[data-sonner-toast]").filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS })
}

/**
 * A screenshot of an element (or the viewport) in .cache/admin-screenshots. The dashboard scrolls inside
 * its own layout, so an element taller than the window is shot in a window made tall enough for it.
 */
export async function shot(page: Page, name: string, locator?: Locator) {
  const file = path.join(SCREENS, `${name}.png`)
  if (!locator) {
    await page.screenshot({ path: file })
    return
  }
  const element = locator.first()
  const viewport = page.viewportSize()!
  const height = (await element.boundingBox())?.height ?? 0
  if (height > viewport.height - 120) {
    await page.setViewportSize({ width: viewport.width, height: Math.ceil(height) + 200 })
  }
  try {
    await element.scrollIntoViewIfNeeded()
    await element.screenshot({ path: file })
  } finally {
    await page.setViewportSize(viewport)
  }
}

/** The screenshots the README shows, refreshed with ADMIN_DOCS_IMAGES=true. */
export const README_SHOTS = [
  "customer-widget",
  "notice-detail",
  "collections-call-list",
  "collections-overdue",
  "collections-runs",
  "collections-performance",
  "settings-preview",
  "customer-widget-dark",
  "customer-widget-es",
  "collections-es",
  "credit-hold",
]

export function copyReadmeShots() {
  const target = path.join(ROOT, "docs", "images")
  fs.mkdirSync(target, { recursive: true })
  for (const name of README_SHOTS) {
    const shotFile = path.join(SCREENS, `${name}.png`)
    if (fs.existsSync(shotFile)) {
      fs.copyFileSync(shotFile, path.join(target, `admin-${name}.png`))
    }
  }
}
