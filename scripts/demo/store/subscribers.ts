import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * The plugin's subscribers run after the workflow that emitted their event has returned. The demo waits
 * for them to have handled the events it caused before it goes on, so that the next step sees their work.
 */

export type WatchedSubscriber = {
  /** How many events the subscriber has finished handling. */
  readonly finished: number
  /** Resolves once the subscriber has finished `count` events in all. */
  until(count: number, deadlineMs?: number): Promise<void>
}

/** Wraps one of the plugin's subscribers on Medusa's local event bus to count the events it has handled. */
export function watchSubscriber(container: MedusaContainer, event: string, subscriberId: string): WatchedSubscriber {
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
