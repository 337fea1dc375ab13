/** Resolves once a statement containing `text` waits for a lock held by another transaction. */
export async function waitForLockWait(knex: any, text: string): Promise<void> {
  const query = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ? AND pid <> pg_backend_pid()`
  const waiting = async () => (await knex.raw(query, [`%${text}%`])).rows[0].n > 0
  for (let i = 0; i < 2000 && !(await waiting()); i++) {
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (!(await waiting())) {
    throw new Error(`no statement containing "${text}" waited for a lock`)
  }
}

/**
 * Two writers in two transactions: `first` runs, then `second` (whose SQL contains `marker`) is seen waiting
 * for a lock the first holds; the first commits, then the second. Whatever is left open is rolled back.
 */
export async function writeConcurrently(
  knex: any,
  first: [string, unknown[]],
  second: [string, unknown[]],
  marker: string
): Promise<void> {
  const one = await knex.transaction()
  const two = await knex.transaction()
  try {
    await one.raw(...first)
    const waiting = two.raw(...second).then((r: unknown) => r)
    await waitForLockWait(knex, marker)
    await one.commit()
    await waiting
    await two.commit()
  } finally {
    for (const t of [one, two].filter((t) => !t.isCompleted())) {
      await t.rollback()
    }
  }
}
