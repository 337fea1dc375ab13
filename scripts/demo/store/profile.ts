/** Where the demo's time went, by mechanic (printed with DEMO_PROFILE=1). */
export type Profile = {
  timed<T>(label: string, work: () => Promise<T>): Promise<T>
  print(): void
}

export function createProfile(): Profile {
  const spent = new Map<string, { ms: number; n: number }>()
  return {
    async timed(label, work) {
      const t = performance.now()
      try {
        return await work()
      } finally {
        const s = spent.get(label) ?? { ms: 0, n: 0 }
        s.ms += performance.now() - t
        s.n += 1
        spent.set(label, s)
      }
    },
    print() {
      for (const [label, s] of spent) console.log(`  ${label}: ${s.n} × ${(s.ms / s.n).toFixed(0)} ms = ${(s.ms / 1000).toFixed(1)} s`)
    },
  }
}
