import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { installClock, type DemoClock } from "./clock"
import { closeSettledFollowUps, deliverNotices, recordEvent, runDunning, type Escalation, type SentNotice } from "./collections"
import { placeOrders, type OrderRequest, type PlacedOrder } from "./orders"
import { capturePayments, type PaymentRequest } from "./payments"
import { createProfile, type Profile } from "./profile"
import { seedStore, type SeededCustomer, type SeededStore } from "./seed"
import { watchSubscriber, type WatchedSubscriber } from "./subscribers"

/**
 * The mechanics of the demo store, each at a moment of the story's choosing: seeding, placing orders,
 * paying, running dunning and delivering notices, recording what the reps do. The story says what
 * happens and when; this is how it happens in Medusa and the plugin.
 */

export type { Escalation, OrderRequest, PaymentRequest, PlacedOrder, SeededCustomer, SeededStore, SentNotice }

export class DemoStore {
  private seeded: SeededStore | null = null

  private constructor(
    private readonly container: MedusaContainer,
    private readonly clock: DemoClock,
    private readonly orderPlaced: WatchedSubscriber,
    private readonly paymentCaptured: WatchedSubscriber,
    readonly profile: Profile
  ) {}

  /** Installs the demo clock and starts watching the plugin's subscribers. */
  static async open(container: MedusaContainer): Promise<DemoStore> {
    const clock = await installClock(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    const orderPlaced = watchSubscriber(container, "order.placed", "dunning-order-placed")
    const paymentCaptured = watchSubscriber(container, "payment.captured", "dunning-payment-changed")
    return new DemoStore(container, clock, orderPlaced, paymentCaptured, createProfile())
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

  runDunning(at: Date): Promise<Escalation[]> {
    return runDunning(this.container, this.profile, at)
  }

  deliverNotices(at: Date): Promise<SentNotice[]> {
    return deliverNotices(this.container, this.profile, at)
  }

  record(customer: SeededCustomer, at: Date, event: Record<string, unknown>): Promise<void> {
    return recordEvent(this.container, this.profile, customer, at, event)
  }

  closeSettledFollowUps(at: Date): Promise<void> {
    return closeSettledFollowUps(this.container, this.profile, at)
  }

  /** Removes the demo clock: the store runs on the wall clock again. */
  close(): Promise<void> {
    return this.clock.remove()
  }
}
