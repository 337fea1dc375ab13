/**
 * The channel that has worked with a customer: the one whose delivered notices were followed by a payment
 * of an invoice they listed within `CHANNEL_WORKED_DAYS` days, most often (a tie: the one that worked last).
 * A policy with `prefer_channel_that_worked` sends each notice first by it, then by the others as usual.
 */
export const CHANNEL_WORKED_DAYS = 14

export type SentNotice = { channel: string; sent_at: Date | string; followed_by_payment: boolean }

export type ChannelThatWorked = { channel: string; payments: number; within_days: number }

export function channelThatWorked(sent: SentNotice[]): ChannelThatWorked | null {
  const tally = new Map<string, { payments: number; last: number }>()
  for (const notice of sent) {
    if (!notice.followed_by_payment) {
      continue
    }
    const at = new Date(notice.sent_at).getTime()
    const seen = tally.get(notice.channel) ?? { payments: 0, last: 0 }
    tally.set(notice.channel, { payments: seen.payments + 1, last: Math.max(seen.last, at) })
  }
  const [best] = [...tally].sort(([, a], [, b]) => b.payments - a.payments || b.last - a.last)
  return best ? { channel: best[0], payments: best[1].payments, within_days: CHANNEL_WORKED_DAYS } : null
}

/** The channels in order with the one that worked first, when it is one of them; otherwise as they are. */
export function preferChannel(channels: string[], preferred: string | null | undefined): string[] {
  return preferred && channels.includes(preferred) ? [preferred, ...channels.filter((c) => c !== preferred)] : channels
}
