import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"

jest.setTimeout(180_000)

// invoices due Monday 2 March 2026: on Tuesday 10 March, inside the default send window, each is due for
// its overdue notice
const NOW = "2026-03-10T09:00:00.000Z"
const NEXT_DAY = "2026-03-11T09:00:00.000Z"
const DAY_MS = 86_400_000

/**
 * A value stored in a receivable that nothing can read (here an amount PostgreSQL holds as `NaN`, written
 * straight into the table as a faulty import or a hand edit would) costs only its own customer a notice:
 * the run succeeds, the other customers get theirs, the customer with the bad row is skipped
 * (`unreadable_data`), its due receivables come back a day later as they were, and its rep gets one open
 * follow-up a day naming the receivable to correct.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
    })

    const customerWith = async (name: string, numbers: string[]) => {
      const [customer] = await getContainer()
        .resolve("customer")
        .createCustomers([{ email: `${name}@test.dev`, company_name: `${name} GmbH` }])
      await api.post(`/admin/dunning/profiles/${customer.id}`, { rep_user_id: admin.userId }, admin)
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: numbers.map((number, i) => ({
            customer_id: customer.id,
            number,
            external_ref: number,
            currency_code: "eur",
            amount: 100 + i,
            issued_at: "2026-02-01",
            due_at: "2026-03-02",
          })),
        },
        admin
      )
      return { id: customer.id as string, receivableIds: data.receivables.map((r: { id: string }) => r.id) as string[] }
    }
    const rows = async (sql: string, params: unknown[] = []) => (await dbConnection.raw(sql, params)).rows

    it("skips only the customer whose receivable cannot be read, moves its due receivables a day on and tells its rep once a day", async () => {
      const first = await customerWith("first", ["A-1"])
      const broken = await customerWith("broken", ["B-1", "B-2"])
      const last = await customerWith("last", ["C-1"])
      // the one direct write: a value the application would never store
      await dbConnection.raw(`UPDATE dunning_receivable SET amount = 'NaN' WHERE id = ?`, [broken.receivableIds[0]])

      const { run, totals } = await runDunningNow(api, admin, { now: NOW })
      expect(run.status).toBe("succeeded")
      expect(totals).toMatchObject({ notices_created: 2, skipped: { unreadable_data: 2 } })
      const notices = await rows(`SELECT customer_id FROM dunning_notice ORDER BY customer_id`)
      expect(notices.map((n: { customer_id: string }) => n.customer_id).sort()).toEqual([first.id, last.id].sort())

      // the broken customer's receivables kept their dunning state and are due again a day later
      const states = await rows(
        `SELECT id, stage, notices_sent, next_action_at FROM dunning_receivable WHERE customer_id = ? ORDER BY id`,
        [broken.id]
      )
      expect(states).toHaveLength(2)
      for (const state of states) {
        expect(state).toMatchObject({ stage: null, notices_sent: 0 })
        expect(new Date(state.next_action_at).toISOString()).toBe(new Date(Date.parse(NOW) + DAY_MS).toISOString())
      }

      const followUps = async () =>
        await rows(
          `SELECT type, title, note, receivable_ids, follow_up_status, assigned_to, occurred_at FROM dunning_collection_event
            WHERE customer_id = ? ORDER BY occurred_at`,
          [broken.id]
        )
      const [followUp, ...others] = await followUps()
      expect(others).toEqual([])
      expect(followUp).toMatchObject({
        type: "note",
        title: "Receivable data could not be read",
        receivable_ids: [broken.receivableIds[0]],
        follow_up_status: "open",
        assigned_to: admin.userId,
      })
      expect(followUp.note).toBe(
        `Receivable B-1 could not be read (amount: not a decimal amount: 'NaN'). ` +
          "The dunning run leaves this customer out and looks again each day until it is corrected."
      )

      // the rep finds it on the call list
      const { data: callList } = await api.get(`/admin/dunning/follow-ups?customer_id=${broken.id}&now=${NOW}`, admin)
      expect(callList.follow_ups.map((f: { title: string }) => f.title)).toEqual(["Receivable data could not be read"])

      // the same day again (a reminder asked for by hand): still skipped, still one follow-up
      const again = await runDunningNow(api, admin, { now: NOW, customer_id: broken.id })
      expect(again.totals).toMatchObject({ notices_created: 0, skipped: { unreadable_data: 2 } })
      expect(await followUps()).toHaveLength(1)

      // the next day the run looks again, and says so again
      const nextDay = await runDunningNow(api, admin, { now: NEXT_DAY })
      expect(nextDay.totals).toMatchObject({ notices_created: 0, skipped: { unreadable_data: 2 } })
      expect((await followUps()).map((f: { occurred_at: Date }) => new Date(f.occurred_at).toISOString())).toEqual([NOW, NEXT_DAY])
    })
  },
})
