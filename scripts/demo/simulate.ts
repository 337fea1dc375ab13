import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  capturePaymentWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createUsersWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  createCollectionEventsWorkflow,
  deliverNoticesWorkflow,
  runDunningWorkflow,
  savePolicyWorkflow,
  setGroupTermsWorkflow,
  updateCollectionEventWorkflow,
  upsertCollectionProfileWorkflow,
} from "medusa-plugin-dunning/workflows"
import { printSummary, weekLine } from "./report"
import {
  ADMIN,
  COLLECTIONS_MANAGER,
  CUSTOMERS,
  GROUPS,
  PRODUCTS,
  randomSource,
  REPS,
  STORE_NAME,
  type CustomerSpec,
  type GroupKey,
  type RepKey,
} from "./scenario"

/**
 * The demo, run inside the host app with `medusa exec`: seeds the wholesale store of ./scenario.ts and
 * lives through its days. The first `historyDays` (45) are the weeks before dunning went live: orders on
 * terms come in and punctual customers pay. Then, for `simDays` (90) days up to today, every business
 * morning the dunning run and the delivery of notices run with that moment as `now`; customers react to
 * the notices they get (pay through Medusa's payment capture, promise a date, dispute an invoice); reps
 * log calls and close settled follow-ups.
 *
 * Orders are booked through Medusa's order and payment modules (the order, its payment collection and a
 * pay-later payment authorized by the system provider) and announced with `order.placed` as a checkout
 * does, which is several times faster than a cart checkout; the plugin's own subscribers do the rest.
 *
 * Medusa stamps an order's and a capture's date with the wall clock, and the plugin reads the invoice
 * date and the payment date from them. So that orders and payments land on their simulated day, the
 * demo database has a clock (`demo_clock`) and triggers that stamp new orders and captures with it; they
 * are removed at the end.
 */

const DAY = 86_400_000
const simDays = Number(process.env.DEMO_DAYS ?? 90)
const historyDays = Number(process.env.DEMO_HISTORY_DAYS ?? 45)
/** Payments captured at the same time. */
const PARALLEL = 3

type Invoice = {
  receivable_id: string
  order_id: string
  display_id: number
  payment_id: string
  customer: CustomerState
  currency: string
  amount: number
  due_at: Date
  /** Overdue notices (stage after the due date) that listed this invoice. */
  overdue_notices: number
  /** After how many overdue notices the customer pays it (0: pays on its own schedule). */
  pay_after: number
  planned: boolean
  disputed: boolean
}

type CustomerState = {
  spec: CustomerSpec
  id: string
  email: string
  rep_id: string
  invoices: Invoice[]
  promise_until: number
  dispute_open: boolean
}

type OrderPlan = { customer: CustomerState; currency: "eur" | "usd"; items: Array<{ product: number; quantity: number }>; pay_after: number; pay_offset_days: number }

type Plan = { at: number; kind: "pay"; invoice: Invoice; share: "rest" | "half"; morning?: boolean } | { at: number; kind: "do"; run: () => Promise<void> }

export default async function demo({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const rng = randomSource(20_261_123)
  const wallStart = Date.now()

  const today = Math.floor(Date.now() / DAY) * DAY
  const simStart = today - simDays * DAY
  const historyStart = simStart - historyDays * DAY
  const dayAt = (day: number, hour: number, minute = 0) => new Date(day + hour * 3_600_000 + minute * 60_000)
  const isWeekend = (day: number) => [0, 6].includes(new Date(day).getUTCDay())
  const businessDay = (day: number) => {
    let d = day
    while (isWeekend(d)) d += DAY
    return d
  }
  const addBusinessDays = (day: number, n: number) => {
    let d = day
    for (let i = 0; i < n; i++) d = businessDay(d + DAY)
    return businessDay(d)
  }
  const iso = (day: number) => new Date(day).toISOString().slice(0, 10)
  const spent = new Map<string, { ms: number; n: number }>()
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    try {
      return await work()
    } finally {
      const s = spent.get(label) ?? { ms: 0, n: 0 }
      s.ms += performance.now() - t
      s.n += 1
      spent.set(label, s)
    }
  }

  // the demo clock: new orders and captures are stamped with the simulated moment
  await knex.raw(`
    CREATE TABLE demo_clock (id int PRIMARY KEY, now timestamptz NOT NULL);
    CREATE FUNCTION demo_clock_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.created_at := COALESCE((SELECT now FROM demo_clock WHERE id = 1), NEW.created_at); RETURN NEW; END $$;
    CREATE FUNCTION demo_clock_captured_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.captured_at IS NOT NULL AND NEW.captured_at IS DISTINCT FROM OLD.captured_at THEN
          NEW.captured_at := COALESCE((SELECT now FROM demo_clock WHERE id = 1), NEW.captured_at);
        END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER demo_clock BEFORE INSERT ON "order" FOR EACH ROW EXECUTE FUNCTION demo_clock_created_at();
    CREATE TRIGGER demo_clock BEFORE INSERT ON capture FOR EACH ROW EXECUTE FUNCTION demo_clock_created_at();
    CREATE TRIGGER demo_clock BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION demo_clock_captured_at();
  `)
  const setClock = async (at: Date) => {
    await knex.raw(`INSERT INTO demo_clock (id, now) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now`, [at])
  }

  // the plugin's subscribers run after the workflow that emitted their event has returned: the demo waits
  // for them to finish before it goes on
  const orderPlaced = watchSubscriber(container, "order.placed", "dunning-order-placed")
  const paymentCaptured = watchSubscriber(container, "payment.captured", "dunning-payment-changed")

  // ---------------------------------------------------------------- the store
  console.log(`  store:     ${STORE_NAME}; dunning goes live on ${iso(simStart)}, today is ${iso(today)}`)
  const setup = await seedStore(container, setClock, dayAt(historyStart - DAY, 8))
  const { customers, regionOf, salesChannelId, products } = setup
  console.log(
    `  seeded:    ${customers.length} business customers in ${Object.keys(GROUPS).length} groups, ${REPS.length} account reps, ` +
      `${PRODUCTS.length} products in EUR and USD, a stricter policy for distributors and key accounts`
  )

  // ---------------------------------------------------------------- orders and payments
  const invoices = new Map<string, Invoice>()
  const plans: Plan[] = []
  const plan = (p: Plan) => plans.push(p.kind === "pay" ? { ...p, morning: rng.chance(0.3) } : p)
  const due = (day: number) => {
    const today = plans.filter((p) => p.at === day)
    for (const p of today) plans.splice(plans.indexOf(p), 1)
    return today
  }

  /**
   * Books a day's orders on terms in Medusa: the orders (order module), each with a payment collection
   * and a pay-later payment authorized by the system provider (payment module), then `order.placed` as
   * the checkout emits it. The plugin's subscriber turns each order into a receivable.
   */
  const placeOrders = async (plans: OrderPlan[], day: number) => {
    const orderModule = container.resolve(Modules.ORDER)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    const eventBus = container.resolve(Modules.EVENT_BUS)
    const created = await orderModule.createOrders(
      plans.map((order) => {
        const spec = order.customer.spec
        const country = order.currency === spec.currency ? spec.country : order.currency === "usd" ? "us" : "de"
        const address = { company: spec.company, first_name: spec.first_name, last_name: spec.last_name, address_1: "1 Market Street", city: "Springfield", postal_code: "10001", country_code: country }
        return {
          region_id: regionOf[order.currency],
          sales_channel_id: salesChannelId,
          customer_id: order.customer.id,
          email: order.customer.email,
          currency_code: order.currency,
          status: "pending",
          shipping_address: address,
          billing_address: address,
          items: order.items.map((i) => ({
            title: PRODUCTS[i.product].title,
            product_id: products[i.product].product_id,
            product_title: PRODUCTS[i.product].title,
            variant_id: products[i.product].variant_id,
            variant_sku: PRODUCTS[i.product].sku,
            variant_title: "Case",
            quantity: i.quantity,
            unit_price: PRODUCTS[i.product][order.currency],
            requires_shipping: false,
          })),
        }
      }) as any
    )
    // a customer orders at most once a day: its order is found by customer
    const orderOf = new Map((created as any[]).map((o) => [o.customer_id as string, o.id as string]))
    const ids = plans.map((p) => orderOf.get(p.customer.id)!)
    const { data: orders } = await query.graph({ entity: "order", fields: ["id", "display_id", "total", "currency_code"], filters: { id: ids } })
    orders.sort((a: any, b: any) => ids.indexOf(a.id) - ids.indexOf(b.id))
    const payments: string[] = []
    await forEachLimited([...orders.keys()], PARALLEL, async (i) => {
      const o = orders[i] as any
      const [collection] = await paymentModule.createPaymentCollections([{ currency_code: o.currency_code, amount: o.total }])
      await link.create({ [Modules.ORDER]: { order_id: o.id }, [Modules.PAYMENT]: { payment_collection_id: collection.id } })
      const session = await paymentModule.createPaymentSession(collection.id, { provider_id: "pp_system_default", currency_code: o.currency_code, amount: o.total, data: {} })
      const payment = await paymentModule.authorizePaymentSession(session.id, {})
      if (!payment) {
        throw new Error(`the pay-later payment of order ${o.id} was not authorized`)
      }
      payments[i] = payment.id
    })
    // order.placed: the plugin's subscriber opens each receivable, due after the customer's terms
    const handled = orderPlaced.finished + ids.length
    await eventBus.emit(ids.map((id) => ({ name: "order.placed", data: { id } })))
    await orderPlaced.until(handled)
    const receivables: any[] = await knex("dunning_receivable").whereIn("order_id", ids)
    for (const [i, order] of plans.entries()) {
      const placed = orders[i] as any
      const receivable = receivables.find((r) => r.order_id === placed.id)
      const invoice: Invoice = {
        receivable_id: receivable.id,
        order_id: placed.id,
        display_id: placed.display_id,
        payment_id: payments[i],
        customer: order.customer,
        currency: order.currency,
        amount: Number(receivable.amount),
        due_at: new Date(receivable.due_at),
        overdue_notices: 0,
        pay_after: order.pay_after,
        planned: false,
        disputed: false,
      }
      invoices.set(invoice.receivable_id, invoice)
      order.customer.invoices.push(invoice)
      if (invoice.pay_after === 0) {
        const dueDay = Math.floor(invoice.due_at.getTime() / DAY) * DAY
        plan({ at: businessDay(Math.max(day + DAY, dueDay + order.pay_offset_days * DAY)), kind: "pay", invoice, share: "rest" })
        invoice.planned = true
      }
    }
  }

  function payAfter(persona: CustomerSpec["persona"]): number {
    switch (persona) {
      case "prompt":
        return rng.chance(0.12) ? 1 : 0
      case "first_notice":
        return rng.chance(0.15) ? 2 : 1
      case "second_notice":
        return rng.chance(0.15) ? 3 : 2
      case "never":
        return Number.POSITIVE_INFINITY
      default:
        return 1
    }
  }

  /** The customer pays (through Medusa's capture of the order's payment) what is still open, or half of it. */
  const pay = async (invoice: Invoice, share: "rest" | "half") => {
    const receivable: any = await knex("dunning_receivable").where({ id: invoice.receivable_id }).first()
    const outstanding = Number(receivable.amount) - Number(receivable.amount_paid)
    if (receivable.status !== "open" || outstanding <= 0) {
      return 0
    }
    const amount = share === "half" ? Math.round((outstanding / 2) * 100) / 100 : outstanding
    await capturePaymentWorkflow(container).run({ input: { payment_id: invoice.payment_id, amount } })
    return amount
  }

  const record = async (customer: CustomerState, at: Date, event: Record<string, unknown>) => {
    await createCollectionEventsWorkflow(container).run({
      input: {
        now: at,
        events: [
          {
            customer_id: customer.id,
            author_type: "user",
            author_id: customer.rep_id,
            occurred_at: at,
            ...event,
          } as any,
        ],
      },
    })
  }

  /** How a customer reacts to an overdue notice, by persona. */
  const react = async (notice: { customer_id: string; receivable_ids: string[] }, day: number) => {
    const listed = notice.receivable_ids.map((id) => invoices.get(id)).filter((i): i is Invoice => !!i)
    const customer = listed[0]?.customer
    if (!customer) {
      return
    }
    const overdue = listed.filter((i) => i.due_at.getTime() < day)
    overdue.forEach((i) => (i.overdue_notices += 1))
    const persona = customer.spec.persona
    if (persona === "promise" && day > customer.promise_until) {
      const open = overdue.filter((i) => !i.planned)
      if (!open.length) {
        return
      }
      const callDay = addBusinessDays(day, 2)
      const promised = addBusinessDays(callDay, 8)
      customer.promise_until = promised
      open.forEach((i) => (i.planned = true))
      const keeps = rng.chance(0.75)
      const currency = open[0].currency
      const sameCurrency = open.every((i) => i.currency === currency)
      const total = open.reduce((sum, i) => sum + i.amount, 0)
      plan({
        at: callDay,
        kind: "do",
        run: async () => {
          const at = dayAt(callDay, 11)
          await record(customer, at, {
            type: "call_logged",
            outcome: "promised_payment",
            note: `Called ${customer.spec.first_name} ${customer.spec.last_name} about the overdue notice; payment promised for ${iso(promised)}.`,
            receivable_ids: open.map((i) => i.receivable_id),
          })
          await record(customer, at, {
            type: "promise_to_pay",
            promised_date: new Date(promised).toISOString(),
            ...(sameCurrency ? { promised_amount: total.toFixed(2), promised_currency_code: currency } : {}),
            receivable_ids: open.map((i) => i.receivable_id),
            note: "Promised on the phone",
            follow_up_status: "open",
            assigned_to: customer.rep_id,
            follow_up_due_at: new Date(promised + DAY).toISOString(),
          })
        },
      })
      const payDay = keeps ? promised : addBusinessDays(promised, 5)
      open.forEach((invoice) => plan({ at: payDay, kind: "pay", invoice, share: "rest" }))
      return
    }
    if (persona === "dispute" && !customer.dispute_open && overdue.some((i) => !i.planned)) {
      const open = overdue.filter((i) => !i.planned)
      const disputed = open.reduce((a, b) => (b.amount > a.amount ? b : a))
      customer.dispute_open = true
      disputed.disputed = true
      open.forEach((i) => (i.planned = true))
      const openDay = addBusinessDays(day, 1)
      const resolveDay = addBusinessDays(openDay, 12)
      plan({
        at: openDay,
        kind: "do",
        run: () =>
          record(customer, dayAt(openDay, 11), {
            type: "dispute_opened",
            receivable_ids: [disputed.receivable_id],
            note: `Order #${disputed.display_id}: part of the delivery arrived damaged; the customer withholds payment until a replacement arrives.`,
            follow_up_status: "open",
            assigned_to: customer.rep_id,
            follow_up_due_at: new Date(addBusinessDays(openDay, 5)).toISOString(),
          }),
      })
      plan({
        at: resolveDay,
        kind: "do",
        run: async () => {
          await record(customer, dayAt(resolveDay, 11), {
            type: "dispute_resolved",
            receivable_ids: [disputed.receivable_id],
            note: "Replacement delivered and confirmed by the customer.",
          })
          customer.dispute_open = false
        },
      })
      plan({ at: addBusinessDays(resolveDay, 3), kind: "pay", invoice: disputed, share: "rest" })
      open.filter((i) => i !== disputed).forEach((invoice) => plan({ at: addBusinessDays(day, 3), kind: "pay", invoice, share: "rest" }))
      return
    }
    for (const invoice of overdue) {
      if (persona === "instalments") {
        if (invoice.overdue_notices === 1) {
          plan({ at: addBusinessDays(day, rng.int(1, 3)), kind: "pay", invoice, share: "half" })
        } else if (invoice.overdue_notices === 2 && !invoice.planned) {
          invoice.planned = true
          plan({ at: addBusinessDays(day, rng.int(1, 3)), kind: "pay", invoice, share: "rest" })
        }
        continue
      }
      if (!invoice.planned && invoice.overdue_notices >= invoice.pay_after) {
        invoice.planned = true
        plan({ at: addBusinessDays(day, rng.int(1, 4)), kind: "pay", invoice, share: "rest" })
      }
    }
  }

  // what each customer orders on which weekday, drawn up front so that the story does not depend on timing
  const orderDays = new Map<number, OrderPlan[]>()
  for (let day = historyStart; day < today - 2 * DAY; day += DAY) {
    if (isWeekend(day)) continue
    for (const customer of customers) {
      const spec = customer.spec
      const group = GROUPS[spec.group]
      if (!rng.chance(group.orders_per_month / 21.7)) continue
      const picked = new Set<number>()
      const lines = rng.int(1, 3)
      while (picked.size < lines) picked.add(rng.int(0, PRODUCTS.length - 1))
      orderDays.set(day, [
        ...(orderDays.get(day) ?? []),
        {
          customer,
          currency: spec.also && rng.chance(0.25) ? spec.also : spec.currency,
          items: [...picked].map((product) => ({
            product,
            quantity: Math.max(1, Math.round(((rng.next() * 0.8 + 0.2) * PRODUCTS[product].max_quantity * group.order_scale) / 2)),
          })),
          pay_after: payAfter(spec.persona),
          pay_offset_days: rng.int(-6, 2),
        },
      ])
    }
  }

  const position = (customerId: string) => customers.findIndex((c) => c.id === customerId)
  const week = { orders: 0, from: simStart }
  let historyOrders = 0
  let historyPaid = 0
  const escalatedCalls = new Set<string>()

  /** Captures the planned payments of the day, different invoices in parallel, a second payment of one invoice after the first. */
  const payPlanned = async (payments: Array<Extract<Plan, { kind: "pay" }>>, at: Date, live: boolean) => {
    if (!payments.length) return
    await setClock(at)
    const first = payments.filter((p, i) => payments.findIndex((q) => q.invoice === p.invoice) === i)
    for (const batch of [first, payments.filter((p) => !first.includes(p))]) {
      let captured = 0
      const handled = paymentCaptured.finished
      await forEachLimited(batch, PARALLEL, async (p) => {
        const paid = await timed("capture", () => pay(p.invoice, p.share))
        if (paid > 0) captured += 1
        if (!live && paid > 0) historyPaid += 1
      })
      // payment.captured: the plugin's subscriber books each payment and cancels notices with nothing left to claim
      await paymentCaptured.until(handled + captured)
    }
  }

  /** Reps work their call list: a follow-up whose invoices are all settled is marked done. */
  const closeSettledFollowUps = async (at: Date) => {
    const settled: Array<{ id: string; assigned_to: string | null }> = await knex.raw(
      `SELECT e.id, e.assigned_to FROM dunning_collection_event e
        WHERE e.follow_up_status = 'open' AND e.deleted_at IS NULL AND jsonb_array_length(e.receivable_ids) > 0
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.receivable_ids) AS x(id)
                            JOIN dunning_receivable r ON r.id = x.id WHERE r.status = 'open')
        ORDER BY e.id`
    ).then((r: any) => r.rows)
    for (const event of settled) {
      await timed("follow-up", () =>
        updateCollectionEventWorkflow(container).run({ input: { id: event.id, follow_up_status: "done", actor_id: event.assigned_to, now: at } })
      )
    }
  }

  for (let day = historyStart; day < today; day += DAY) {
    const live = day >= simStart
    const todays = due(day)
    const payments = todays.filter((p): p is Extract<Plan, { kind: "pay" }> => p.kind === "pay")
    const dunningDay = live && !isWeekend(day)
    let run: any = null
    if (dunningDay) {
      const { result } = await timed("run", () => runDunningWorkflow(container).run({ input: { now: dayAt(day, 9), trigger: "schedule", detail_limit: 200 } }))
      run = result
    }
    // some pay first thing in the morning, between the run and the delivery of its notices
    await payPlanned(payments.filter((p) => p.morning), dayAt(day, 9, 2), live)
    if (dunningDay) {
      const delivery = dayAt(day, 9, 5)
      await timed("deliver", () => deliverNoticesWorkflow(container).run({ input: { now: delivery } }))
      const sent: Array<{ customer_id: string; receivable_ids: string[]; stage_offset_days: number }> = await knex("dunning_notice")
        .select("customer_id", "receivable_ids", "stage_offset_days")
        .where({ status: "sent", sent_at: delivery })
      // in the order of the scenario's customers, so that every run draws the same random numbers
      sent.sort((a, b) => position(a.customer_id) - position(b.customer_id))
      for (const notice of sent.filter((n) => n.stage_offset_days > 0)) {
        await react(notice, day)
      }
      // an escalated account gets a call from its rep the next business day
      const escalations = [...(run.totals.escalations ?? [])].sort((a: any, b: any) => position(a.customer_id) - position(b.customer_id))
      for (const escalation of escalations) {
        const customer = customers.find((c) => c.id === escalation.customer_id)
        if (!customer || escalatedCalls.has(customer.id)) continue
        escalatedCalls.add(customer.id)
        const callDay = addBusinessDays(day, 1)
        plan({
          at: callDay,
          kind: "do",
          run: () =>
            record(customer, dayAt(callDay, 14), {
              type: "call_logged",
              outcome: rng.pick(["left_voicemail", "no_answer", "refused"] as const),
              note: "Escalated account: called accounts payable about the unpaid invoices.",
              receivable_ids: escalation.receivable_ids,
              follow_up_status: "open",
              assigned_to: customer.rep_id,
              follow_up_due_at: new Date(addBusinessDays(callDay, 3)).toISOString(),
            }),
        })
      }
    }

    const orders = orderDays.get(day) ?? []
    if (orders.length) {
      await setClock(dayAt(day, 10))
      await timed("orders", () => placeOrders(orders, day))
      if (live) week.orders += orders.length
      else historyOrders += orders.length
    }

    await payPlanned(payments.filter((p) => !p.morning), dayAt(day, 15), live)
    for (const p of todays) {
      if (p.kind === "do") await timed("event", () => p.run())
    }
    if (live && new Date(day).getUTCDay() === 5) {
      await closeSettledFollowUps(dayAt(day, 17))
    }

    if (day + DAY === simStart) {
      console.log(`  history:   ${historyOrders} orders on terms from ${iso(historyStart)} to ${iso(day)}; ${historyPaid} invoices paid on time, the rest still open`)
      console.log("")
    }
    const weekEnd = day + DAY
    if (live && ((weekEnd - simStart) % (7 * DAY) === 0 || weekEnd === today)) {
      console.log(await weekLine(knex, { from: new Date(week.from), to: new Date(weekEnd), orders: week.orders, index: Math.ceil((weekEnd - simStart) / (7 * DAY)) }))
      week.orders = 0
      week.from = weekEnd
    }
  }

  if (process.env.DEMO_PROFILE) {
    for (const [label, s] of spent) console.log(`  ${label}: ${s.n} × ${(s.ms / s.n).toFixed(0)} ms = ${(s.ms / 1000).toFixed(1)} s`)
  }
  await knex.raw(`
    DROP TRIGGER demo_clock ON "order"; DROP TRIGGER demo_clock ON capture; DROP TRIGGER demo_clock ON payment;
    DROP FUNCTION demo_clock_created_at(); DROP FUNCTION demo_clock_captured_at(); DROP TABLE demo_clock;
  `)

  await printSummary(container, knex, {
    simStart: new Date(simStart),
    today: new Date(today),
    outbox: process.env.DEMO_OUTBOX ?? "",
    admin: ADMIN,
    simulatedIn: Date.now() - wallStart,
  })
}

async function seedStore(container: MedusaContainer, setClock: (at: Date) => Promise<void>, at: Date) {
  await setClock(at)

  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: STORE_NAME,
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
      },
    },
  })
  const salesChannelId = store.default_sales_channel_id as string

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Europe", currency_code: "eur", countries: ["de", "nl", "at", "fr", "es", "be", "ie", "it", "se"], payment_providers: ["pp_system_default"] },
        { name: "North America", currency_code: "usd", countries: ["us", "ca"], payment_providers: ["pp_system_default"] },
      ],
    },
  })
  const regionOf: Record<string, string> = { eur: regions[0].id, usd: regions[1].id }

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: PRODUCTS.map((p) => ({
        title: p.title,
        status: "published" as const,
        options: [{ title: "Pack", values: ["Case"] }],
        sales_channels: [{ id: salesChannelId }],
        variants: [
          {
            title: "Case",
            sku: p.sku,
            manage_inventory: false,
            options: { Pack: "Case" },
            prices: [
              { amount: p.eur, currency_code: "eur" },
              { amount: p.usd, currency_code: "usd" },
            ],
          },
        ],
      })),
    },
  })
  const variants = products.map((p: any) => ({ product_id: p.id as string, variant_id: p.variants[0].id as string }))

  // the admin who browses the demo, and the account reps customers are assigned to
  const { result: users } = await createUsersWorkflow(container).run({
    input: {
      users: [
        { email: ADMIN.email, first_name: "Alex", last_name: "Morgan" },
        ...REPS.map((r) => ({ email: r.email, first_name: r.first_name, last_name: r.last_name })),
      ],
    },
  })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email: ADMIN.email, password: ADMIN.password } } as any)
  if (error || !authIdentity) {
    throw new Error(`could not create the demo admin: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })
  const repId = Object.fromEntries(REPS.map((r, i) => [r.key, users[i + 1].id])) as Record<RepKey, string>

  const { result: groups } = await createCustomerGroupsWorkflow(container).run({
    input: { customersData: Object.values(GROUPS).map((g) => ({ name: g.name })) },
  })
  const groupId = Object.fromEntries(Object.keys(GROUPS).map((key, i) => [key, groups[i].id])) as Record<GroupKey, string>
  for (const [key, group] of Object.entries(GROUPS) as Array<[GroupKey, (typeof GROUPS)[GroupKey]]>) {
    await setGroupTermsWorkflow(container).run({ input: { customer_group_id: groupId[key], terms_days: group.terms_days } })
  }

  const { result: created } = await createCustomersWorkflow(container).run({
    input: {
      customersData: CUSTOMERS.map((c) => ({
        company_name: c.company,
        first_name: c.first_name,
        last_name: c.last_name,
        email: `${c.first_name.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}@${c.domain}`,
        phone: c.currency === "usd" ? "+1 555 0100" : "+49 30 555 0100",
      })),
    },
  })
  for (const key of Object.keys(GROUPS) as GroupKey[]) {
    const members = created.filter((_, i) => CUSTOMERS[i].group === key).map((c: any) => c.id)
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groupId[key], add: members } })
  }
  const customers: CustomerState[] = []
  for (const [i, spec] of CUSTOMERS.entries()) {
    const customer = created[i] as any
    await upsertCollectionProfileWorkflow(container).run({
      input: {
        customer_id: customer.id,
        billing_emails: [`ap@${spec.domain}`, ...(spec.cc_billing ? [`${spec.cc_billing}@${spec.domain}`] : [])],
        rep_user_id: repId[spec.rep],
        preferred_language: spec.language,
        ...(spec.terms_days ? { terms_days: spec.terms_days } : {}),
        notes: `${GROUPS[spec.group].name}; net ${spec.terms_days ?? GROUPS[spec.group].terms_days} days.`,
      },
    })
    customers.push({ spec, id: customer.id, email: customer.email, rep_id: repId[spec.rep], invoices: [], promise_until: 0, dispute_open: false })
  }

  // distributors and key accounts: more grace, the collections manager in copy, a final notice before escalation
  const dunning: any = container.resolve("dunning")
  const standard = await dunning.ensureDefaultPolicy()
  const [withStages] = await dunning.listDunningPolicies({ id: standard.id }, { relations: ["stages"] })
  const stage = (name: string) => withStages.stages.find((s: any) => s.name === name)
  const templates = (s: any) => ({ subject_template: s.subject_template, body_html_template: s.body_html_template, body_text_template: s.body_text_template })
  await savePolicyWorkflow(container).run({
    input: {
      policy: {
        name: "Distributors and key accounts",
        is_default: false,
        enabled: true,
        priority: 10,
        customer_group_ids: [groupId.distributors, groupId.key_accounts],
        tolerance_days: 7,
        resend_days: 7,
        max_notices: 5,
        max_contacts_per_30_days: 4,
        cc: [COLLECTIONS_MANAGER],
        bcc: null,
        reply_to: COLLECTIONS_MANAGER,
        timezone: "UTC",
        send_days: [1, 2, 3, 4, 5],
        send_hour_start: 8,
        send_hour_end: 18,
        channels: ["email"],
        stages: [
          { name: "Due today", offset_days: 0, action: "send", tone: "neutral", repeats: false, channel: "email", ...templates(stage("Due today")) },
          {
            name: "Notification of Overdue Invoices",
            offset_days: 7,
            action: "send",
            tone: "firm",
            repeats: true,
            channel: "email",
            ...templates(stage("Notification of Overdue Invoices")),
          },
          {
            name: "Final notice before credit hold",
            offset_days: 30,
            action: "send",
            tone: "final",
            repeats: false,
            channel: "email",
            subject_template: "Final notice: overdue invoices{{#if customer.company}} – {{customer.company}}{{/if}}",
            body_html_template: `<p>Dear {{customer.name}},</p>
<p>Despite our earlier notices, the invoices below are still unpaid. Unless we receive {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} and {{/unless}}{{/each}} within seven days, we will have to put your account on credit hold.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Pay all open invoices online</a></p>{{/if}}
<p>If you have already paid, or if something is wrong with an invoice, reply to this e-mail{{#if rep}} or call {{rep.name}}{{/if}}.</p>
<p>Kind regards,<br>{{store.name}} – Accounts Receivable</p>`,
            body_text_template: null,
          },
          { name: "Escalation to account rep", offset_days: 50, action: "escalate", tone: "final", repeats: false, channel: "email", subject_template: null, body_html_template: null, body_text_template: null },
        ],
      },
    },
  })
  return { customers, regionOf, salesChannelId, products: variants }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++])
      }
    })
  )
}

/**
 * Wraps one of the plugin's subscribers on Medusa's local event bus to count how many times it has
 * finished, so that the demo can wait for it to have handled the events it caused.
 */
function watchSubscriber(container: MedusaContainer, event: string, subscriberId: string) {
  const emitter = (container.resolve(Modules.EVENT_BUS) as any).eventEmitter_
  const original = emitter.listeners(event).find((l: any) => l.subscriberId === subscriberId)
  if (!original) {
    throw new Error(`the plugin's subscriber '${subscriberId}' does not listen to ${event}`)
  }
  let finished = 0
  const waiting: Array<{ count: number; resolve: () => void }> = []
  const wrapped = Object.assign(
    async (data: unknown) => {
      try {
        await original(data)
      } finally {
        finished += 1
        for (const w of waiting.filter((w) => finished >= w.count)) {
          waiting.splice(waiting.indexOf(w), 1)
          w.resolve()
        }
      }
    },
    { subscriberId }
  )
  emitter.off(event, original)
  emitter.on(event, wrapped)
  return {
    get finished() {
      return finished
    },
    until(count: number, deadlineMs = 60_000): Promise<void> {
      if (finished >= count) {
        return Promise.resolve()
      }
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`'${subscriberId}' handled ${finished} of ${count} ${event} events in ${deadlineMs / 1000} s`)), deadlineMs)
        waiting.push({ count, resolve: () => (clearTimeout(timer), resolve()) })
      })
    },
  }
}
