import { addBusinessDays, Agenda, businessDay, DAY, dayAt, isFriday, isWeekend, iso, startOfDay } from "./calendar"
import { GROUPS, PRODUCTS, SLIPPING_PAYS_AFTER_PROMISE, type Persona, type randomSource } from "./scenario"
import type { DemoStore, Escalation, OrderRequest, PlacedOrder, SeededCustomer, SentNotice } from "./store"

/**
 * The story of the demo: who does what, and when. The cast is in ./scenario.ts; how each thing is done in
 * Medusa and the plugin is in ./store.
 *
 * Customers order on business days, as often as their group does; what each orders on which day is drawn
 * up front, so that the story does not depend on timing. Before dunning goes live (the history), orders
 * come in and customers who pay on their own schedule pay. From then on, a business day goes like this:
 *
 *   09:00  the dunning run
 *   09:02  the customers who pay first thing in the morning pay
 *   09:05  the notices go out; each customer reacts to an overdue notice as its persona does, and every
 *          account the run escalated gets a call from its rep the next business day
 *   10:00  the day's orders are placed
 *   15:00  the rest of the day's payments come in
 *          the reps' calls, promises and disputes planned for the day are recorded
 *   17:00  on Fridays the reps close the follow-ups whose invoices are all settled
 *
 * Two orders change after they were placed (see `planOrderChanges`): part of one is returned, another is
 * edited.
 *
 * Two customers answer a notice on the collection page instead of on the phone (see `onThePage`): at
 * 09:30, after reading the notice, the first "promise" customer of the cast promises a date there (and
 * keeps it), the first "dispute" customer disputes an invoice there. Everyone else, and those two later
 * on, answer the rep on the phone.
 */

type Rng = ReturnType<typeof randomSource>

type Customer = SeededCustomer & {
  /** Until this day the customer's promise to pay stands. */
  promise_until: number
  dispute_open: boolean
}

/** An invoice as the story remembers it. */
type Invoice = PlacedOrder & {
  customer: Customer
  /** Overdue notices (stage after the due date) that listed this invoice. */
  overdue_notices: number
  /** After how many overdue notices the customer pays it (0: pays on its own schedule). */
  pay_after: number
  /** Its payment is planned. */
  planned: boolean
  disputed: boolean
}

type OrderPlan = OrderRequest & { customer: Customer; pay_after: number; pay_offset_days: number }

type Payment = { at: number; kind: "pay"; invoice: Invoice; share: "rest" | "half"; morning: boolean }
type Plan = Payment | { at: number; kind: "do"; run: () => Promise<void> }

/** What a day brought: orders placed, payments that captured money. */
export type DayTally = { orders: number; paid: number }

export class Story {
  private readonly customers: Customer[]
  private readonly invoices = new Map<string, Invoice>()
  private readonly agenda = new Agenda<Plan>()
  private readonly escalated = new Set<string>()
  private readonly orderBook: Map<number, OrderPlan[]>
  /** Who answers their next notice on the collection page (once): the first "promise" and "dispute" customers of the cast. */
  private readonly onThePage: Set<string>
  /** The answers given on the page this morning, recorded once every notice of the morning is read. */
  private pageAnswers: Array<() => Promise<void>> = []

  /** Orders are drawn for the business days from `from` up to two days before `to`. */
  constructor(
    private readonly store: DemoStore,
    customers: SeededCustomer[],
    private readonly rng: Rng,
    period: { from: number; to: number }
  ) {
    this.customers = customers.map((c) => ({ ...c, promise_until: 0, dispute_open: false }))
    const firstOf = (persona: Persona) => this.customers.find((c) => c.spec.persona === persona)?.id
    this.onThePage = new Set([firstOf("promise"), firstOf("dispute")].filter((id): id is string => !!id))
    this.orderBook = this.drawOrderBook(period.from, period.to - 2 * DAY)
  }

  /** Lives through one day; `live`: dunning is live. */
  async day(day: number, live: boolean): Promise<DayTally> {
    const plans = this.agenda.take(day)
    const payments = plans.filter((p): p is Payment => p.kind === "pay")
    const dunningDay = live && !isWeekend(day)
    const escalations = dunningDay ? await this.store.runDunning(dayAt(day, 9)) : []
    let paid = await this.pay(payments.filter((p) => p.morning), dayAt(day, 9, 2))
    if (dunningDay) {
      const sent = await this.store.deliverNotices(dayAt(day, 9, 5))
      await this.readNotices(sent, day)
      this.callEscalatedAccounts(escalations, day)
    }
    const orders = this.orderBook.get(day) ?? []
    if (orders.length) {
      await this.placeOrders(orders, day)
    }
    paid += await this.pay(payments.filter((p) => !p.morning), dayAt(day, 15))
    for (const plan of plans) {
      if (plan.kind === "do") await plan.run()
    }
    if (live && isFriday(day)) {
      await this.store.closeSettledFollowUps(dayAt(day, 17))
    }
    return { orders: orders.length, paid }
  }

  // ---------------------------------------------------------------- how customers react to notices

  /** Customers read the notices in the order of the scenario's cast, so that every run draws the same random numbers. */
  private async readNotices(sent: SentNotice[], day: number) {
    const notices = [...sent].sort((a, b) => this.position(a.customer_id) - this.position(b.customer_id))
    for (const notice of notices.filter((n) => n.stage_offset_days > 0)) {
      this.reactToOverdueNotice(notice, day)
    }
    const answers = this.pageAnswers
    this.pageAnswers = []
    for (const answer of answers) await answer()
  }

  /** Whether the customer answers this notice on the collection page: the first time it answers at all, for those of `onThePage`. */
  private answersOnThePage(customer: Customer): boolean {
    return this.onThePage.delete(customer.id)
  }

  /** How a customer reacts to an overdue notice, by persona (see `Persona` in ./scenario.ts). */
  private reactToOverdueNotice(notice: SentNotice, day: number) {
    const listed = notice.receivable_ids.map((id) => this.invoices.get(id)).filter((i): i is Invoice => !!i)
    const customer = listed[0]?.customer
    if (!customer) {
      return
    }
    const overdue = listed.filter((i) => i.due_at.getTime() < day)
    overdue.forEach((i) => (i.overdue_notices += 1))
    const persona = customer.spec.persona
    if ((persona === "promise" || persona === "slipping") && day > customer.promise_until) {
      return this.promiseToPay(customer, overdue, day, notice)
    }
    if (persona === "dispute" && !customer.dispute_open && overdue.some((i) => !i.planned)) {
      return this.disputeOneInvoice(customer, overdue, day, notice)
    }
    for (const invoice of overdue) {
      if (persona === "instalments") {
        this.payInInstalments(invoice, day)
      } else if (!invoice.planned && invoice.overdue_notices >= invoice.pay_after && persona !== "slipping") {
        invoice.planned = true
        this.schedulePayment(addBusinessDays(day, this.rng.int(1, 4)), invoice, "rest")
      }
    }
  }

  /**
   * The rep calls two business days after the notice; the customer promises to pay in another eight,
   * and keeps the promise three times in four (otherwise pays five business days late); a slipping
   * customer never keeps it and pays ten business days late. On the collection
   * page the customer answers the morning the notice comes, promises what it owes on the overdue invoices
   * for eight business days later, and keeps the promise.
   */
  private promiseToPay(customer: Customer, overdue: Invoice[], day: number, notice: SentNotice) {
    const open = overdue.filter((i) => !i.planned)
    if (!open.length) {
      return
    }
    const onThePage = this.answersOnThePage(customer)
    const answerDay = onThePage ? day : addBusinessDays(day, 2)
    const promised = addBusinessDays(answerDay, 8)
    customer.promise_until = promised
    open.forEach((i) => (i.planned = true))
    // drawn either way, so that the page changes no other customer's draws
    const keeps = (this.rng.chance(0.75) && customer.spec.persona !== "slipping") || onThePage
    if (onThePage) {
      this.pageAnswers.push(() =>
        this.store.promiseOnThePage(notice, dayAt(day, 9, 30), {
          paying: open.map((i) => i.receivable_id),
          promised_date: new Date(promised),
          note: `Bank transfer for orders ${open.map((i) => `#${i.display_id}`).join(", ")} scheduled for ${iso(promised)}.`,
        })
      )
    } else {
      this.planAction(answerDay, () => this.recordPromise(customer, open, dayAt(answerDay, 11), promised))
    }
    const payDay = keeps ? promised : addBusinessDays(promised, customer.spec.persona === "slipping" ? SLIPPING_PAYS_AFTER_PROMISE : 5)
    open.forEach((invoice) => this.schedulePayment(payDay, invoice, "rest"))
  }

  /** The call and the promise, with a follow-up for the rep the day after the promised date. */
  private async recordPromise(customer: Customer, open: Invoice[], at: Date, promised: number) {
    const currency = open[0].currency
    const sameCurrency = open.every((i) => i.currency === currency)
    const total = open.reduce((sum, i) => sum + i.amount, 0)
    await this.store.record(customer, at, {
      type: "call_logged",
      outcome: "promised_payment",
      note: `Called ${customer.spec.first_name} ${customer.spec.last_name} about the overdue notice; payment promised for ${iso(promised)}.`,
      receivable_ids: open.map((i) => i.receivable_id),
    })
    await this.store.record(customer, at, {
      type: "promise_to_pay",
      promised_date: new Date(promised).toISOString(),
      ...(sameCurrency ? { promised_amount: total.toFixed(2), promised_currency_code: currency } : {}),
      receivable_ids: open.map((i) => i.receivable_id),
      note: "Promised on the phone",
      follow_up_status: "open",
      assigned_to: customer.rep_id,
      follow_up_due_at: new Date(promised + DAY).toISOString(),
    })
  }

  /**
   * The customer disputes the largest invoice of the notice the next business day (on the collection
   * page: the morning the notice comes) and pays the others three business days after the notice; the
   * dispute is resolved twelve business days later and the disputed invoice paid three after that.
   */
  private disputeOneInvoice(customer: Customer, overdue: Invoice[], day: number, notice: SentNotice) {
    const open = overdue.filter((i) => !i.planned)
    const disputed = open.reduce((a, b) => (b.amount > a.amount ? b : a))
    customer.dispute_open = true
    disputed.disputed = true
    open.forEach((i) => (i.planned = true))
    const onThePage = this.answersOnThePage(customer)
    const openDay = onThePage ? day : addBusinessDays(day, 1)
    const resolveDay = addBusinessDays(openDay, 12)
    if (onThePage) {
      this.pageAnswers.push(() =>
        this.store.disputeOnThePage(notice, dayAt(day, 9, 30), {
          receivable_id: disputed.receivable_id,
          reason: `Order #${disputed.display_id}: several cases arrived crushed and the goods could not be used. We will pay this invoice once they are replaced or credited.`,
        })
      )
    } else {
      this.planAction(openDay, () =>
        this.store.record(customer, dayAt(openDay, 11), {
          type: "dispute_opened",
          receivable_ids: [disputed.receivable_id],
          note: `Order #${disputed.display_id}: part of the delivery arrived damaged; the customer withholds payment until a replacement arrives.`,
          follow_up_status: "open",
          assigned_to: customer.rep_id,
          follow_up_due_at: new Date(addBusinessDays(openDay, 5)).toISOString(),
        })
      )
    }
    this.planAction(resolveDay, async () => {
      await this.store.record(customer, dayAt(resolveDay, 11), {
        type: "dispute_resolved",
        receivable_ids: [disputed.receivable_id],
        note: "Replacement delivered and confirmed by the customer.",
      })
      customer.dispute_open = false
    })
    this.schedulePayment(addBusinessDays(resolveDay, 3), disputed, "rest")
    open.filter((i) => i !== disputed).forEach((invoice) => this.schedulePayment(addBusinessDays(day, 3), invoice, "rest"))
  }

  /** Half within three business days of the first overdue notice, the rest within three of the second. */
  private payInInstalments(invoice: Invoice, day: number) {
    if (invoice.overdue_notices === 1) {
      this.schedulePayment(addBusinessDays(day, this.rng.int(1, 3)), invoice, "half")
    } else if (invoice.overdue_notices === 2 && !invoice.planned) {
      invoice.planned = true
      this.schedulePayment(addBusinessDays(day, this.rng.int(1, 3)), invoice, "rest")
    }
  }

  /** An escalated account gets a call from its rep the next business day (once), and a follow-up three days later. */
  private callEscalatedAccounts(escalations: Escalation[], day: number) {
    const inOrder = [...escalations].sort((a, b) => this.position(a.customer_id) - this.position(b.customer_id))
    for (const escalation of inOrder) {
      const customer = this.customers.find((c) => c.id === escalation.customer_id)
      if (!customer || this.escalated.has(customer.id)) continue
      this.escalated.add(customer.id)
      const callDay = addBusinessDays(day, 1)
      this.planAction(callDay, () =>
        this.store.record(customer, dayAt(callDay, 14), {
          type: "call_logged",
          outcome: this.rng.pick(["left_voicemail", "no_answer", "refused"] as const),
          note: "Escalated account: called accounts payable about the unpaid invoices.",
          receivable_ids: escalation.receivable_ids,
          follow_up_status: "open",
          assigned_to: customer.rep_id,
          follow_up_due_at: new Date(addBusinessDays(callDay, 3)).toISOString(),
        })
      )
    }
  }

  // ---------------------------------------------------------------- orders that change

  /**
   * Two orders change after they were placed. Two weeks into dunning, a customer who pays after the first
   * notice sends part of its latest order back (half of the first line); the goods arrive three business
   * days later. Four weeks in, a customer who pays after the second notice calls to halve the first line
   * of its latest order; it confirms the edit the next business day. Meanwhile their invoices are on
   * hold; then they claim what the orders now come to, and the customers pay that.
   */
  planOrderChanges(liveFrom: number) {
    const returnDay = addBusinessDays(liveFrom, 10)
    this.planAction(returnDay, () => this.returnPartOfAnOrder(returnDay))
    const editDay = addBusinessDays(liveFrom, 20)
    this.planAction(editDay, () => this.editAnOrder(editDay))
  }

  /** The latest invoice, placed before `day` and not yet planned for payment, of the first customer of this persona that has one. */
  private latestUnplannedInvoice(persona: Persona, day: number): Invoice | null {
    const candidates = [...this.invoices.values()].filter(
      (i) => i.customer.spec.persona === persona && !i.planned && i.due_at.getTime() > day && i.currency === i.customer.spec.currency
    )
    candidates.sort((a, b) => this.position(a.customer.id) - this.position(b.customer.id) || b.display_id - a.display_id)
    return candidates[0] ?? null
  }

  private async returnPartOfAnOrder(day: number) {
    const invoice = this.latestUnplannedInvoice("first_notice", day)
    const quantity = invoice ? await this.store.firstLineQuantity(invoice) : 0
    if (!invoice || quantity < 2) {
      return
    }
    const returnId = await this.store.requestReturn(invoice, Math.floor(quantity / 2), dayAt(day, 11))
    const receiveDay = addBusinessDays(day, 3)
    this.planAction(receiveDay, () => this.store.receiveReturn(invoice, returnId, dayAt(receiveDay, 11)))
  }

  private async editAnOrder(day: number) {
    const invoice = this.latestUnplannedInvoice("second_notice", day)
    const quantity = invoice ? await this.store.firstLineQuantity(invoice) : 0
    if (!invoice || quantity < 2) {
      return
    }
    await this.store.requestOrderEdit(invoice, Math.ceil(quantity / 2), dayAt(day, 11))
    const confirmDay = addBusinessDays(day, 1)
    this.planAction(confirmDay, () => this.store.confirmOrderEdit(invoice, dayAt(confirmDay, 11)))
  }

  // ---------------------------------------------------------------- orders

  /** What each customer orders on which business day: as often as its group orders, one to three products. */
  private drawOrderBook(from: number, until: number): Map<number, OrderPlan[]> {
    const book = new Map<number, OrderPlan[]>()
    for (let day = from; day < until; day += DAY) {
      if (isWeekend(day)) continue
      for (const customer of this.customers) {
        const order = this.drawOrder(customer)
        if (order) {
          book.set(day, [...(book.get(day) ?? []), order])
        }
      }
    }
    return book
  }

  private drawOrder(customer: Customer): OrderPlan | null {
    const spec = customer.spec
    const group = GROUPS[spec.group]
    if (!this.rng.chance(group.orders_per_month / 21.7)) {
      return null
    }
    const picked = new Set<number>()
    const lines = this.rng.int(1, 3)
    while (picked.size < lines) picked.add(this.rng.int(0, PRODUCTS.length - 1))
    return {
      customer,
      // a customer with a subsidiary abroad orders in the other currency one time in four
      currency: spec.also && this.rng.chance(0.25) ? spec.also : spec.currency,
      items: [...picked].map((product) => ({
        product,
        quantity: Math.max(1, Math.round(((this.rng.next() * 0.8 + 0.2) * PRODUCTS[product].max_quantity * group.order_scale) / 2)),
      })),
      pay_after: this.payAfter(spec.persona),
      pay_offset_days: this.rng.int(-6, 2),
    }
  }

  /** After how many overdue notices a customer of this persona pays an invoice (0: around the due date, without a notice). */
  private payAfter(persona: Persona): number {
    switch (persona) {
      case "prompt":
        return this.rng.chance(0.12) ? 1 : 0
      case "first_notice":
        return this.rng.chance(0.15) ? 2 : 1
      case "second_notice":
        return this.rng.chance(0.15) ? 3 : 2
      case "never":
        return Number.POSITIVE_INFINITY
      default:
        return 1
    }
  }

  /** Places the day's orders at 10:00; an invoice paid on the customer's own schedule is paid from six days before to two after its due date. */
  private async placeOrders(orders: OrderPlan[], day: number) {
    const placed = await this.store.placeOrders(orders, dayAt(day, 10))
    for (const [i, order] of orders.entries()) {
      const invoice: Invoice = { ...placed[i], customer: order.customer, overdue_notices: 0, pay_after: order.pay_after, planned: false, disputed: false }
      this.invoices.set(invoice.receivable_id, invoice)
      if (invoice.pay_after === 0) {
        const dueDay = startOfDay(invoice.due_at.getTime())
        this.schedulePayment(businessDay(Math.max(day + DAY, dueDay + order.pay_offset_days * DAY)), invoice, "rest")
        invoice.planned = true
      }
    }
  }

  // ---------------------------------------------------------------- the agenda

  /** Plans a payment; three payers in ten pay first thing in the morning, the others in the afternoon. */
  private schedulePayment(at: number, invoice: Invoice, share: "rest" | "half") {
    this.agenda.add({ at, kind: "pay", invoice, share, morning: this.rng.chance(0.3) })
  }

  private planAction(at: number, run: () => Promise<void>) {
    this.agenda.add({ at, kind: "do", run })
  }

  private pay(payments: Payment[], at: Date): Promise<number> {
    return this.store.pay(
      payments.map((p) => ({ receivable_id: p.invoice.receivable_id, payment_id: p.invoice.payment_id, share: p.share })),
      at
    )
  }

  private position(customerId: string): number {
    return this.customers.findIndex((c) => c.id === customerId)
  }
}
