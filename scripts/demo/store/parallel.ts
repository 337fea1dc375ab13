/** How many payments the demo authorizes or captures at the same time. */
export const PARALLEL = 3

/** Runs `work` on every item, at most `limit` at a time. */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++])
      }
    })
  )
}
