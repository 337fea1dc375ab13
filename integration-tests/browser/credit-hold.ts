import type { Page } from "playwright-core"
import type { AdminHost } from "./admin-host"
import {
  collectionAction,
  customerWidget,
  dateInput,
  daysFrom,
  historyEntries,
  rowsOf,
  shot,
  shownDay,
  shows,
  showsText,
  textOf,
  toast,
} from "./admin-page"

/**
 * A credit hold placed and lifted by hand from the customer page: the rep places one on Nordwind with a
 * reason, reads it in red at the top of the widget and on the order page, finds Nordwind under the call
 * list's credit-hold filter, then lifts it with a reason and a date before which the rules place no new
 * one; both changes are in the history and in what the admin API answers. Last, a draft order converted
 * for a held customer by an admin's override is marked so on its order page.
 */
export function creditHoldTests(ctx: { host: AdminHost; page: Page }) {
  const nordwind = () => ctx.host.seed.nordwind
  const creditHold = async (customerId: string) =>
    await ctx.host.api<{ credit_hold: any; waiver: any }>(`/admin/customers/${customerId}/credit-hold`)

  it("places a credit hold with a reason from the customer page and shows it in red at the top, and on the order page", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    expect(await widget.getByTestId("credit-hold").count()).toBe(0)
    await collectionAction(page, widget, "Place credit hold")
    const drawer = page.getByRole("dialog")
    await drawer.getByLabel("Reason").fill("Cheque bounced twice")
    await drawer.getByRole("button", { name: "Place credit hold" }).click()
    await toast(page, "Credit hold placed")

    const banner = widget.getByTestId("credit-hold")
    await showsText(banner, "Cheque bounced twice")
    const { credit_hold: hold } = await creditHold(nordwind().customer_id)
    expect(hold).toMatchObject({ source: "manual", reason: "Cheque bounced twice", placed_by: host.seed.admin_id, lifts_on_payment: false, amounts_to_lift: [] })
    expect(await textOf(banner)).toBe(
      `Credit hold Lift credit hold Cheque bounced twice No new orders on terms until the hold is lifted. ` +
        `Since ${shownDay(hold.placed_at)} · placed by hand by Avery Admin ` +
        `Placed by hand: paying does not lift it, only a release by hand.`
    )
    // first in the widget, in the dashboard's red (its tag colours, light or dark)
    expect(await widget.locator("> *").first().getAttribute("data-testid")).toBe("credit-hold")
    const colours = await banner.evaluate((el) => {
      // the tokens as the browser resolves a colour ("rgba(255, 228, 230, 1)" → "rgb(255, 228, 230)")
      const probe = document.body.appendChild(document.createElement("div"))
      const resolve = (token: string, property: "color" | "backgroundColor") => {
        probe.style[property] = getComputedStyle(document.documentElement).getPropertyValue(token).trim()
        return getComputedStyle(probe)[property]
      }
      const shown = {
        background: getComputedStyle(el).backgroundColor,
        heading: getComputedStyle(el.querySelector("h2")!).color,
        red: { background: resolve("--tag-red-bg", "backgroundColor"), text: resolve("--tag-red-text", "color") },
      }
      probe.remove()
      return shown
    })
    expect(colours.background).toBe(colours.red.background)
    expect(colours.heading).toBe(colours.red.text)
    await shot(page, "credit-hold", widget)

    await page.goto(`${host.base}/app/orders/${nordwind().order.id}`)
    const order = page.getByTestId("dunning-order-widget")
    await showsText(
      order.getByTestId("order-customer-credit-hold"),
      `Credit hold Since ${shownDay(hold.placed_at)} The customer cannot order on terms: Cheque bounced twice`
    )
    // the order itself was placed before the hold
    expect(await order.getByTestId("order-credit-hold-mark").count()).toBe(0)
  })

  it("finds the held customer under the call list's credit-hold filter, marked with the hold", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/dunning`)
    const calls = page.getByTestId("call-list")
    const customers = async () => [...new Set((await rowsOf(calls)).map((row) => row[0]))].sort()
    await showsText(calls.locator("tbody"), "Kiefer Bau AG")
    const chooseFilter = async (option: string) => {
      await calls.getByRole("combobox", { name: "Credit hold" }).click()
      await page.getByRole("option", { name: option, exact: true }).click()
    }

    await chooseFilter("On credit hold")
    await shows(customers, ["Nordwind Handel GmbH Credit hold"])
    const { follow_ups, count } = await host.api<{ follow_ups: any[]; count: number }>("/admin/dunning/follow-ups?credit_hold=true")
    expect(follow_ups.every((f) => f.customer_id === nordwind().customer_id && f.credit_hold?.reason === "Cheque bounced twice")).toBe(true)
    await shows(async () => (await rowsOf(calls)).length, count)
    expect(await calls.getByTestId("credit-hold-badge").first().getAttribute("title")).toBe("Cheque bounced twice")
    await shot(page, "collections-call-list-credit-hold", calls)

    await chooseFilter("Not on credit hold")
    await shows(async () => (await customers()).includes("Kiefer Bau AG"), true)
    expect((await customers()).filter((name) => name.startsWith("Nordwind"))).toEqual([])
    expect(await calls.getByTestId("credit-hold-badge").count()).toBe(0)
  })

  it("lifts the credit hold with a reason and a date before which the rules place no new one, and keeps both changes in the history", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    await widget.getByTestId("credit-hold").getByRole("button", { name: "Lift credit hold" }).click()
    const drawer = page.getByRole("dialog")
    const until = dateInput(daysFrom(host.seed.now, 14))
    await drawer.getByLabel("Reason").fill("Paid by bank transfer")
    await drawer.getByLabel("Don't place it again before").fill(until)
    await drawer.getByRole("button", { name: "Lift credit hold" }).click()
    await toast(page, "Credit hold lifted")

    await shows(() => widget.getByTestId("credit-hold").count(), 0)
    const { credit_hold, waiver } = await creditHold(nordwind().customer_id)
    expect(credit_hold).toBeNull()
    expect(waiver).toMatchObject({ reason: "Paid by bank transfer", released_by: host.seed.admin_id, until: new Date(until).toISOString() })
    await showsText(
      widget.getByTestId("credit-hold-waiver"),
      `Credit hold released ${shownDay(waiver.released_at)}: the policy's rules place no new hold before ${shownDay(until)}.`
    )

    const placed = historyEntries(widget, "credit_hold_placed")
    const released = historyEntries(widget, "credit_hold_released")
    await shows(async () => [await placed.count(), await released.count()], [1, 1])
    expect(await textOf(placed)).toContain("Credit hold placed Credit hold placed")
    expect(await textOf(placed)).toContain("Credit hold placed by hand: Cheque bounced twice")
    expect(await textOf(released)).toContain(`Credit hold released by hand: Paid by bank transfer (the rules place no new hold before ${until})`)
    const { collection_events } = await host.api<{ collection_events: any[] }>(
      `/admin/customers/${nordwind().customer_id}/collection-events?type=credit_hold_placed,credit_hold_released`
    )
    expect(collection_events.map((e) => [e.type, e.author_type, e.author_id])).toEqual([
      ["credit_hold_released", "user", host.seed.admin_id],
      ["credit_hold_placed", "user", host.seed.admin_id],
    ])

    // nothing to lift any more; a new hold can be placed
    await widget.getByRole("button", { name: "Collection actions" }).click()
    await page.getByRole("menuitem", { name: "Place credit hold" }).waitFor()
    expect(await page.getByRole("menuitem", { name: "Lift credit hold" }).count()).toBe(0)
    await page.keyboard.press("Escape")
  })

  it("marks an order converted from a draft for a held customer by an admin's override, on the order page", async () => {
    const { page, host } = ctx
    const { seed } = host
    // Kiefer has terms of its own (45 days, from the profile test): its orders become invoices on terms
    const kiefer = seed.kiefer.customer_id
    await host.api(`/admin/customers/${kiefer}/credit-hold`, { method: "POST", body: { reason: "Cheque bounced again" } })
    const { draft_order } = await host.api<{ draft_order: { id: string } }>("/admin/draft-orders", {
      method: "POST",
      body: {
        email: "buyer@kiefer-bau.test",
        customer_id: kiefer,
        region_id: seed.store.region_id,
        sales_channel_id: seed.store.sales_channel_id,
        items: [{ variant_id: seed.store.variant_id, quantity: 1 }],
      },
    })
    const { order } = await host.api<{ order: { id: string } }>(`/admin/draft-orders/${draft_order.id}/convert-to-order`, {
      method: "POST",
      body: { credit_hold_override: { reason: "Framework contract, CFO approved" } },
    })
    // the order.placed subscriber makes the receivable and marks it
    await shows(async () => {
      const { receivable } = await host.api<{ receivable: any }>(`/admin/orders/${order.id}/dunning-receivable`)
      return receivable?.metadata?.credit_hold?.kind ?? null
    }, "overridden")

    await page.goto(`${host.base}/app/orders/${order.id}`)
    const widget = page.getByTestId("dunning-order-widget")
    await showsText(
      widget.getByTestId("order-credit-hold-mark"),
      "Credit hold overridden Converted while the customer was on credit hold, overridden by Avery Admin: Framework contract, CFO approved"
    )
    await showsText(widget.getByTestId("order-customer-credit-hold"), "The customer cannot order on terms: Cheque bounced again")
    await shot(page, "order-credit-hold", widget)
  })
}
