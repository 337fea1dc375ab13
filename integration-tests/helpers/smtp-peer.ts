import { simpleParser, type ParsedMail } from "mailparser"
import { SMTPServer } from "smtp-server"

export type PeerMode =
  | { kind: "accept" }
  | { kind: "reply"; code: number; message: string; on: "rcpt" | "data"; times?: number; only?: string }

/**
 * A real SMTP server in this process for delivery tests: it accepts or refuses mail as told, keeps what
 * it received (parsed with mailparser, as a mail client would), and counts connections.
 */
export class SmtpPeer {
  messages: Array<ParsedMail & { envelope: { from: string; to: string[] }; receivedAt: number }> = []
  connections = 0
  maxConcurrent = 0
  /** Broken client connections the server reported (a sender killed mid-message). */
  connectionErrors: Error[] = []
  /** Time the server takes to accept each message (a slow mail server). */
  acceptDelayMs = 0
  private open = new Set<string>()
  private ignored = new Set<string>()
  private server: SMTPServer | null = null
  private mode: PeerMode = { kind: "accept" }
  private refusals = 0

  constructor(readonly port: number) {}

  /** Starts counting connections afresh: connections already open (idle pools of earlier senders) are left out. */
  resetCounters() {
    this.connections = 0
    this.maxConcurrent = 0
    this.ignored = new Set(this.open)
  }

  setMode(mode: PeerMode) {
    this.mode = mode
    this.refusals = 0
  }

  async start(): Promise<void> {
    if (this.server) {
      return
    }
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      // stopping the server (to simulate an outage) must not wait for idle pooled connections
      closeTimeout: 100,
      logger: false,
      onConnect: (session, callback) => {
        this.connections += 1
        this.open.add(session.id)
        this.maxConcurrent = Math.max(this.maxConcurrent, [...this.open].filter((id) => !this.ignored.has(id)).length)
        callback()
      },
      onClose: (session) => {
        this.open.delete(session.id)
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refusal("rcpt", address.address)
        callback(refusal ?? undefined)
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on("data", (c: Buffer) => chunks.push(c))
        stream.on("end", async () => {
          const refusal = this.refusal("data", null)
          if (refusal) {
            return callback(refusal)
          }
          if (this.acceptDelayMs) {
            await new Promise((resolve) => setTimeout(resolve, this.acceptDelayMs))
          }
          const parsed = await simpleParser(Buffer.concat(chunks))
          this.messages.push(
            Object.assign(parsed, {
              envelope: {
                from: (session.envelope.mailFrom as { address: string }).address,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              receivedAt: Date.now(),
            })
          )
          callback()
        })
      },
    })
    // the server reports a client's broken connection (a sender process killed mid-message resets its
    // socket) as an error event; without a listener that event would be thrown as uncaught
    this.server.on("error", (error: Error) => {
      this.connectionErrors.push(error)
    })
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject)
      this.server!.listen(this.port, "127.0.0.1", () => resolve())
    })
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  private refusal(stage: "rcpt" | "data", address: string | null): (Error & { responseCode?: number }) | null {
    const mode = this.mode
    if (mode.kind !== "reply" || mode.on !== stage) {
      return null
    }
    if (mode.only && address !== mode.only) {
      return null
    }
    if (mode.times !== undefined && this.refusals >= mode.times) {
      return null
    }
    this.refusals += 1
    return Object.assign(new Error(mode.message), { responseCode: mode.code })
  }
}
