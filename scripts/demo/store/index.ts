import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { installClock, type DemoClock } from "./clock"
import { CollectionPage, type AnsweredNotice, type PageDispute, type PagePromise } from "./collection-page"
import { closeSettledFollowUps, deliverNotices, recordEvent, runDunning, type Escalation, type SentNotice } from "./collections"
import { placeOrders, type OrderRequest, type PlacedOrder } from "./orders"
import { OrderChanges } from "./order-changes"
import { capturePayments, type PaymentRequest } from "./payments"
import { createProfile, type Profile } from "./profile"
import { seedStore, type SeededCustomer, type SeededStore } from "./seed"
import { watchSubscriber, type WatchedSubscriber } from "./subscribers"

/**
 * The mechanics of the demo store, each at a moment of the story's choosing: seeding, placing orders,
 * paying, running dunning and delivering notices, recording what the reps do. The story says what
 * happens and when; this is how it happens in Medusa and the plugin.
 */

export type { Escalation, OrderRequest, PageDispute, PagePromise, PaymentRequest, PlacedOrder, SeededCustomer, SeededStore, SentNotice }

export class DemoStore {
  private seeded: SeededStore | null = null

  private constructor(
    private readonly container: MedusaContainer,
    private readonly clock: DemoClock,
    private readonly orderPlaced: WatchedSubscriber,
    private readonly paymentCaptured: WatchedSubscriber,
    private readonly orderChanges: OrderChanges,
    private readonly page: CollectionPage,
    readonly profile: Profile
  ) {}

  /** Installs the demo clock and starts watching the plugin's subscribers; notices are read from the .eml files in `outbox`. */
  static async open(container: MedusaContainer, outbox: string): Promise<DemoStore> {
    const clock = await installClock(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    const orderPlaced = watchSubscriber(container, "order.placed", "dunning-order-placed")
    const paymentCaptured = watchSubscriber(container, "payment.captured", "dunning-payment-changed")
    const profile = createProfile()
    const page = new CollectionPage(container, profile, outbox)
    return new DemoStore(container, clock, orderPlaced, paymentCaptured, OrderChanges.open(container), page, profile)
  }

  /** Seeds the scenario's store at `at`. */
  async seed(at: Date): Promise<SeededStore> {
    await this.clock.set(at)
    this.seeded = await seedStore(this.container)
    return this.seeded
  }

  /** Places orders on terms at `at`; returns them as the plugin booked them. */
  async placeOrders(orders: OrderRequest[], at: Date): Promise<PlacedOrder[]> {
    if (!this.seeded) {
      throw new Error("the store is not seeded yet")
    }
    const seeded = this.seeded
    await this.clock.set(at)
    return this.profile.timed("orders", () => placeOrders(this.container, seeded, this.orderPlaced, orders))
  }

  /** Customers pay at `at`; returns how many payments captured money. */
  async pay(payments: PaymentRequest[], at: Date): Promise<number> {
    if (!payments.length) {
      return 0
    }
    await this.clock.set(at)
    return capturePayments(this.container, this.paymentCaptured, this.profile, payments)
  }

  /** The quantity of the order's first line. */
  async firstLineQuantity(order: PlacedOrder): Promise<number> {
    const [line] = await this.orderChanges.itemsOf(order.order_id)
    return line?.quantity ?? 0
  }

  /** The order is shipped and the customer sends `quantity` of its first line back (requested at `at`); returns the return's id. */
  async requestReturn(order: PlacedOrder, quantity: number, at: Date): Promise<string> {
    await this.clock.set(at)
    return this.profile.timed("order change", () => this.orderChanges.requestReturn(order.order_id, quantity, at))
  }

  /** The returned goods are received at `at`. */
  async receiveReturn(order: PlacedOrder, returnId: string, at: Date): Promise<void> {
    await this.clock.set(at)
    await this.profile.timed("order change", () => this.orderChanges.receiveReturn(order.order_id, returnId, at))
  }

  /** The merchant edits the order's first line to `quantity` and asks the customer to confirm (at `at`). */
  async requestOrderEdit(order: PlacedOrder, quantity: number, at: Date): Promise<void> {
    await this.clock.set(at)
    await this.profile.timed("order change", () => this.orderChanges.requestOrderEdit(order.order_id, quantity, at))
  }

  /** The customer confirms the order edit at `at`. */
  async confirmOrderEdit(order: PlacedOrder, at: Date): Promise<void> {
    await this.clock.set(at)
    await this.profile.timed("order change", () => this.orderChanges.confirmOrderEdit(order.order_id, at))
  }

  runDunning(at: Date): Promise<Escalation[]> {
    return runDunning(this.container, this.profile, at)
  }

  deliverNotices(at: Date): Promise<SentNotice[]> {
    return deliverNotices(this.container, this.profile, at)
  }

  record(customer: SeededCustomer, at: Date, event: Record<string, unknown>): Promise<void> {
    return recordEvent(this.container, this.profile, customer, at, event)
  }

  /** The customer follows the link in the notice's e-mail and promises on the collection page, at `at`. */
  async promiseOnThePage(notice: AnsweredNotice, at: Date, promise: PagePromise): Promise<void> {
    await this.page.promise(notice, at, promise)
  }

  /** The customer follows the link in the notice's e-mail and disputes an invoice on the collection page, at `at`. */
  async disputeOnThePage(notice: AnsweredNotice, at: Date, dispute: PageDispute): Promise<void> {
    await this.page.dispute(notice, at, dispute)
  }

  closeSettledFollowUps(at: Date): Promise<void> {
    return closeSettledFollowUps(this.container, this.profile, at)
  }

  /** Removes the demo clock: the store runs on the wall clock again. */
  close(): Promise<void> {
    return this.clock.remove()
  }
}
