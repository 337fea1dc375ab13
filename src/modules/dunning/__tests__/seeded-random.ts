/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so a randomised test replays from its printed
 * seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Picks one of `choices` with a chance in proportion to its weight, drawing from `random`. */
export function weightedPicker<T>(random: () => number, choices: Array<[number, T]>): () => T {
  const total = choices.reduce((sum, [weight]) => sum + weight, 0)
  return () => {
    let x = random() * total
    return (choices.find(([weight]) => (x -= weight) < 0) ?? choices[0])[1]
  }
}

/**
 * `batches` batches of `steps` random operations each (`next` picks one), a receivable hard-deleted after
 * every fourth batch (`deleteOne`), and `check` after each batch, labelled with the seed and the batch.
 */
export async function randomBatches(options: {
  seed: number
  batches: number
  steps: number
  next: () => () => Promise<unknown>
  deleteOne: () => Promise<void>
  check: (label: string) => Promise<void>
}): Promise<void> {
  for (let batch = 1; batch <= options.batches; batch++) {
    for (let step = 0; step < options.steps; step++) {
      await options.next()()
    }
    if (batch % 4 === 0) {
      await options.deleteOne()
    }
    await options.check(`seed ${options.seed}, batch ${batch}`)
  }
}
