import type { Page } from "playwright-core"
import type { AdminHost } from "./admin-host"
import {
  collectionAction,
  customerWidget,
  dateInput,
  daysFrom,
  historyEntries,
  openInvoices,
  shot,
  shownDay,
  shows,
  showsText,
  textOf,
  toast,
} from "./admin-page"

/**
 * The rep's actions on the customer page, in the order a rep might take them: each one driven through the
 * widget's menu and drawers, its result read on the page and what it stored read through the admin API.
 * Nordwind's overdue invoices get a reminder on request, a hold, a promise and a dispute; Kiefer, whose
 * notice bounced, gets a new billing e-mail, the notice sent again and its follow-up closed.
 */
export function customerActionTests(ctx: { host: AdminHost; page: Page }) {
  const nordwind = () => ctx.host.seed.nordwind
  const kiefer = () => ctx.host.seed.kiefer
  const receivable = async (id: string) => (await ctx.host.api<{ receivable: any }>(`/admin/dunning/receivables/${id}`)).receivable
  const events = async (customerId: string, type: string) =>
    (await ctx.host.api<{ collection_events: any[] }>(`/admin/customers/${customerId}/collection-events?type=${type}`)).collection_events
  /** The "Next action" column of the open invoices, by invoice number. */
  const nextActions = async (widget: Parameters<typeof openInvoices>[0]) =>
    Object.fromEntries((await openInvoices(widget)).map((row) => [row[0], row[3]]))

  it("logs a call from the customer page and shows it in the history", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    await collectionAction(page, widget, "Log a call")
    await page.locator("#note").fill("Spoke to accounts payable: payment run on Friday")
    await page.getByRole("button", { name: "Log call" }).click()
    await toast(page, "Call logged")
    const entry = historyEntries(widget, "call_logged")
    await showsText(entry, "Spoke to accounts payable: payment run on Friday")
    expect(await textOf(entry)).toContain("Spoke to accounts payable: payment run on Friday Outcome: Reached")
    await shot(page, "customer-call-logged", widget)
    expect(await events(nordwind().customer_id, "call_logged")).toEqual([
      expect.objectContaining({ note: "Spoke to accounts payable: payment run on Friday", outcome: "reached", author_type: "user", author_id: host.seed.admin_id }),
    ])
  })

  it("sends the next reminder now: the notice is in the history and records who asked for it", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    await collectionAction(page, widget, "Send next reminder now")
    await page.getByRole("alertdialog").getByRole("button", { name: "Send now" }).click()
    await toast(page, "Reminder created; it is being sent")
    const onRequest = historyEntries(widget, "claim_for_non_payment", "(sent on request by Avery Admin)")
    await shows(() => onRequest.count(), 1)
    expect(await textOf(onRequest)).toContain("to ap@nordwind.test covering")

    await onRequest.getByRole("button", { name: "View notice" }).click()
    const notice = page.getByTestId("notice-detail")
    await showsText(notice, "Invoices covered")
    expect(await textOf(notice)).toContain("On request by Avery Admin")
    await showsText(notice.getByRole("listitem"), "NW-1001")
    await page.keyboard.press("Escape")

    // the reminders (the invoice e-mail of Nordwind's order is a notice of its own kind)
    const { notices } = await host.api<{ notices: any[] }>(`/admin/dunning/notices?customer_id=${nordwind().customer_id}&kind=reminder`)
    expect(notices).toHaveLength(2)
    expect(notices[0]).toMatchObject({ on_request: { user_id: host.seed.admin_id, name: "Avery Admin", bypassed: [] } })
    expect(notices[0].receivable_ids).toContain(nordwind().receivables["NW-1001"])
  })

  it("holds dunning until a date and resumes it", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    const until = dateInput(daysFrom(host.seed.now, 17))
    await collectionAction(page, widget, "Hold dunning")
    await page.locator("#reason").fill("Waiting for a credit note")
    await page.locator("#until").fill(until)
    await page.getByRole("button", { name: "Hold dunning" }).click()
    await toast(page, "Dunning held")
    const held = `held until ${shownDay(until)}`
    const number = nordwind().order.receivable_number
    await shows(() => nextActions(widget), { "NW-1001": held, "NW-1002": held, [number]: held })
    await showsText(historyEntries(widget, "hold_placed"), "Waiting for a credit note")
    const ids = Object.values(nordwind().receivables).filter((id) => id !== nordwind().receivables["NW-0990"])
    for (const id of ids) {
      expect(await receivable(id)).toMatchObject({ hold_until: new Date(until).toISOString(), hold_reason: expect.stringMatching(/^manual:/) })
    }

    await collectionAction(page, widget, "Resume dunning")
    await toast(page, "Dunning resumed")
    // the next run takes them up again, whenever it runs
    await shows(() => nextActions(widget), { "NW-1001": "next run", "NW-1002": "next run", [number]: "next run" })
    await shows(() => historyEntries(widget, "hold_released").count(), 1)
    for (const id of ids) {
      expect(await receivable(id)).toMatchObject({ hold_until: null, hold_reason: null })
    }
    await widget.getByRole("button", { name: "Collection actions" }).click()
    await page.getByRole("menuitem", { name: "Hold dunning" }).waitFor()
    await page.keyboard.press("Escape")
  })

  it("records a promise to pay for a chosen invoice, which holds only that invoice until two days after the date", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    const promised = dateInput(daysFrom(host.seed.now, 14))
    await collectionAction(page, widget, "Record a promise to pay")
    await page.locator("#promised_date").fill(promised)
    await page.locator("#promised_amount").fill("800")
    await page.getByLabel("NW-1002 · €800.00").click()
    await page.getByRole("button", { name: "Record promise" }).click()
    await toast(page, "Promise to pay recorded")
    const entry = historyEntries(widget, "promise_to_pay")
    await showsText(entry, `Promised €800.00 by ${shownDay(promised)}`)
    expect(await textOf(entry)).toContain(`Promised €800.00 by ${shownDay(promised)} 1 invoice`)
    const heldUntil = daysFrom(promised, 2)
    await shows(() => nextActions(widget), {
      "NW-1001": "next run",
      "NW-1002": `held until ${shownDay(heldUntil)}`,
      [nordwind().order.receivable_number]: "next run",
    })
    await showsText(widget.getByTestId("collection-summary"), "Promises kept 0 of 0, 1 pending")

    expect(await events(nordwind().customer_id, "promise_to_pay")).toEqual([
      expect.objectContaining({
        promised_amount: 800,
        promised_currency_code: "eur",
        promised_date: new Date(promised).toISOString(),
        receivable_ids: [nordwind().receivables["NW-1002"]],
      }),
    ])
    expect(await receivable(nordwind().receivables["NW-1002"])).toMatchObject({
      hold_until: heldUntil.toISOString(),
      hold_reason: expect.stringMatching(/^promise_to_pay:/),
    })
  })

  it("opens a dispute on a chosen invoice, which stops chasing it, and resolves it", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, nordwind().customer_id)
    const id = nordwind().receivables["NW-1001"]
    await collectionAction(page, widget, "Open a dispute")
    await page.getByLabel("NW-1001 · €1,200.00").click()
    await page.locator("#note").fill("Pallet 3 arrived damaged")
    await page.getByRole("button", { name: "Open dispute" }).click()
    await toast(page, "Dispute opened")
    await shows(async () => (await nextActions(widget))["NW-1001"], "disputed")
    expect(await textOf(historyEntries(widget, "dispute_opened"))).toContain("Pallet 3 arrived damaged 1 invoice")
    expect(await receivable(id)).toMatchObject({ hold_reason: expect.stringMatching(/^dispute:/), next_action_at: null })

    await collectionAction(page, widget, "Resolve a dispute")
    await page.getByLabel("NW-1001 · €1,200.00").click()
    await page.locator("#note").fill("Credit note CN-77 issued for pallet 3")
    await page.getByRole("button", { name: "Resolve dispute" }).click()
    await toast(page, "Dispute resolved")
    await shows(async () => (await nextActions(widget))["NW-1001"], "next run")
    expect(await textOf(historyEntries(widget, "dispute_resolved"))).toContain("Credit note CN-77 issued for pallet 3 1 invoice")
    expect(await receivable(id)).toMatchObject({ hold_reason: null, hold_until: null })
    // the promise on the other invoice still stands
    expect(await receivable(nordwind().receivables["NW-1002"])).toMatchObject({ hold_reason: expect.stringMatching(/^promise_to_pay:/) })
  })

  it("edits the collection profile: billing e-mails and terms", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, kiefer().customer_id)
    await collectionAction(page, widget, "Edit collection profile")
    expect(await page.locator("#billing_emails").inputValue()).toBe("ap@kiefer-bau.test")
    expect(await page.locator("#terms_days").inputValue()).toBe("")
    await page.locator("#billing_emails").fill("finance@kiefer-bau.test")
    await page.locator("#terms_days").fill("45")
    await page.getByRole("button", { name: "Save" }).click()
    await toast(page, "Collection profile saved")

    await collectionAction(page, widget, "Edit collection profile")
    await shows(async () => [await page.locator("#billing_emails").inputValue(), await page.locator("#terms_days").inputValue()], [
      "finance@kiefer-bau.test",
      "45",
    ])
    await page.getByRole("button", { name: "Cancel" }).click()
    const { collection_profile } = await host.api<{ collection_profile: any }>(`/admin/dunning/profiles/${kiefer().customer_id}`)
    expect(collection_profile).toMatchObject({ billing_emails: ["finance@kiefer-bau.test"], terms_days: 45 })
  })

  it("sends a failed notice again, to the fixed billing e-mail", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, kiefer().customer_id)
    const failure = historyEntries(widget, "delivery_failed")
    expect(await textOf(failure)).toContain("550 5.1.1 Mailbox does not exist")
    await failure.getByRole("button", { name: "View notice" }).click()
    const notice = page.getByTestId("notice-detail")
    await showsText(notice, "Invoices covered")
    // the documents first (the statement, the invoice it covers), then what happened
    expect(await textOf(notice)).toMatch(/^Statement \(PDF\) Invoice \(PDF\) KB-2001 Failed Notification of Overdue Invoices Email 1 attempt To ap@kiefer-bau\.test /)
    expect(await textOf(notice)).toContain("550 5.1.1 Mailbox does not exist Send again")

    await notice.getByRole("button", { name: "Send again" }).click()
    await toast(page, "Notice sent again")
    await showsText(notice, /^Statement \(PDF\) Invoice \(PDF\) KB-2001 Sent Notification of Overdue Invoices Email 1 attempt To finance@kiefer-bau\.test /)
    expect(await textOf(notice)).toContain("Subject Notification of Overdue Invoices – Kiefer Bau AG")
    await page.keyboard.press("Escape")
    // (the delivery job may be sending other customers' notices meanwhile; the refused attempt never got a message through)
    const toKiefer = host.smtp.messages.filter((m) => m.envelope.to.some((to) => to.endsWith("@kiefer-bau.test")))
    expect(toKiefer.map((m) => [m.envelope.to, m.subject])).toEqual([
      [["finance@kiefer-bau.test"], "Notification of Overdue Invoices – Kiefer Bau AG"],
    ])
    const { notices } = await host.api<{ notices: any[] }>(`/admin/dunning/notices?customer_id=${kiefer().customer_id}`)
    expect(notices).toEqual([expect.objectContaining({ status: "sent", attempts: 1, last_error: null })])
  })

  it("marks the follow-up of the failed delivery done", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, kiefer().customer_id)
    const failure = historyEntries(widget, "delivery_failed")
    await showsText(failure, "Follow-up open · Avery Admin")
    await failure.getByRole("button", { name: "Mark follow-up done" }).click()
    await toast(page, "Follow-up done")
    await showsText(failure, "Follow-up done · Avery Admin")
    expect(await failure.getByRole("button", { name: "Mark follow-up done" }).count()).toBe(0)
    expect(await events(kiefer().customer_id, "delivery_failed")).toEqual([
      expect.objectContaining({ follow_up_status: "done", follow_up_done_by: host.seed.admin_id }),
    ])
  })
}
