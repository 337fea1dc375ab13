import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DAY, dayAt, iso, startOfDay } from "./calendar"
import { printSummary, weekLine } from "./report"
import { ADMIN, GROUPS, PRODUCTS, randomSource, REPS, STORE_NAME } from "./scenario"
import { DemoStore } from "./store"
import { Story } from "./story"
import { printVariantResult, startVariantSplit } from "./variants"
import { enableHighRiskPolicy, printRiskChapter, scoreEveryCustomer, SLIPPING_CUSTOMER } from "./risk"

/**
 * The demo, run inside the host app with `medusa exec`: seeds the store of ./scenario.ts and lives
 * through the days of ./story.ts. The first `historyDays` (45) are the weeks before dunning went live:
 * orders on terms come in and punctual customers pay. Then, for `simDays` (90) days up to today, dunning
 * is live. Prints a line per simulated week and the summary of ./report.ts.
 */

const simDays = Number(process.env.DEMO_DAYS ?? 90)
const historyDays = Number(process.env.DEMO_HISTORY_DAYS ?? 45)
/** The seed of every random draw: the same seed tells the same story. */
const SEED = 20_261_123

export default async function demo({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const wallStart = Date.now()
  const today = startOfDay(Date.now())
  const simStart = today - simDays * DAY
  const historyStart = simStart - historyDays * DAY

  const outbox = process.env.DEMO_OUTBOX ?? ""
  const store = await DemoStore.open(container, outbox)
  console.log(`  store:     ${STORE_NAME}; dunning goes live on ${iso(simStart)}, today is ${iso(today)}`)
  const seeded = await store.seed(dayAt(historyStart - DAY, 8))
  console.log(
    `  seeded:    ${seeded.customers.length} business customers in ${Object.keys(GROUPS).length} groups, ${REPS.length} account reps, ` +
      `${PRODUCTS.length} products in EUR and USD, a stricter policy for distributors and key accounts`
  )
  const story = new Story(store, seeded.customers, randomSource(SEED), { from: historyStart, to: today })
  story.planOrderChanges(simStart)

  let history = { orders: 0, paid: 0 }
  let week = { orders: 0, from: simStart }
  for (let day = historyStart; day < today; day += DAY) {
    const live = day >= simStart
    // the plugin's nightly risk scoring (the dunning-risk job, 02:40)
    await scoreEveryCustomer(container, dayAt(day, 2, 40))
    if (day === simStart) {
      console.log(`  variants:  the ${await startVariantSplit(container)} stage sends a second wording to half of the customers`)
      console.log(`  risk:      the merchant enables the '${await enableHighRiskPolicy(container)}' policy, for customers in the high risk band; ${SLIPPING_CUSTOMER} will promise and not pay`)
    }
    const tally = await story.day(day, live)
    if (!live) {
      history = { orders: history.orders + tally.orders, paid: history.paid + tally.paid }
    } else {
      week.orders += tally.orders
    }
    if (day + DAY === simStart) {
      console.log(`  history:   ${history.orders} orders on terms from ${iso(historyStart)} to ${iso(day)}; ${history.paid} invoices paid on time, the rest still open`)
      console.log("")
    }
    const weekEnd = day + DAY
    if (live && ((weekEnd - simStart) % (7 * DAY) === 0 || weekEnd === today)) {
      console.log(await weekLine(knex, { from: new Date(week.from), to: new Date(weekEnd), orders: week.orders, index: Math.ceil((weekEnd - simStart) / (7 * DAY)) }))
      week = { orders: 0, from: weekEnd }
    }
  }

  if (process.env.DEMO_PROFILE) {
    store.profile.print()
  }
  await store.close()

  await printSummary(container, knex, {
    simStart: new Date(simStart),
    today: new Date(today),
    outbox,
    admin: ADMIN,
    simulatedIn: Date.now() - wallStart,
  })
  await printVariantResult(container, { simStart: new Date(simStart), today: new Date(today) })
  await printRiskChapter(container, knex, { simStart: new Date(simStart), today: new Date(today) })
}
