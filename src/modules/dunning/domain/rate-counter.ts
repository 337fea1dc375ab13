/**
 * A fixed-window request counter with a bounded memory: at most `maxKeys` keys (links, client addresses)
 * are counted at once; when a new key comes and the counter is full, the keys whose windows started
 * earliest are dropped first, so a flood of new keys costs memory once and then only forgets old windows.
 * `now` is an input: the counter never reads the clock.
 */
export type RateDecision = { allowed: boolean; retry_after_seconds: number }

type Window = { started: number; count: number }

export class RateCounter {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number
  ) {}

  /** Counts one request for `key` at `now`; refused once `limit` requests were counted in its window. */
  take(key: string, limit: number, now: Date): RateDecision {
    const at = now.getTime()
    let window = this.windows.get(key)
    if (!window || at - window.started >= this.windowMs || at < window.started) {
      // a new window goes to the end of the map's order, which is the order windows started in
      this.windows.delete(key)
      this.makeRoom()
      window = { started: at, count: 0 }
      this.windows.set(key, window)
    }
    if (window.count >= limit) {
      return { allowed: false, retry_after_seconds: Math.max(1, Math.ceil((window.started + this.windowMs - at) / 1000)) }
    }
    window.count += 1
    return { allowed: true, retry_after_seconds: 0 }
  }

  get size(): number {
    return this.windows.size
  }

  private makeRoom() {
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value as string
      this.windows.delete(oldest)
    }
  }
}
