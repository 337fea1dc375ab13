import http from "http"
import { verifyWebhookSignature } from "../../src/providers/webhook/signature"

/**
 * How the receiver answers: a status (with a short body), a 200 whose body starts and then never ends
 * (`stall`), or a 200 whose body is `bytes` long (`flood`), written as fast as the client reads it.
 */
export type WebhookAnswer = { kind: "status" } | { kind: "stall" } | { kind: "flood"; bytes: number }

/** What became of one answer: bytes of body written before the client hung up, and whether it hung up. */
export type AnswerRecord = { written: number; finished: boolean; closed: Promise<void> }

/** A local HTTP receiver for webhook notices: verifies each signature and answers as told. */
export class WebhookPeer {
  received: Array<{ body: any; signatureValid: boolean; idempotencyKey: string | null; attempt: string | null }> = []
  status = 200
  answer: WebhookAnswer = { kind: "status" }
  /** The answers given, in order. */
  answers: AnswerRecord[] = []
  private server: http.Server | null = null

  constructor(readonly port: number, readonly secret: string) {}

  async start() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf-8")
        this.received.push({
          body: JSON.parse(raw),
          signatureValid: verifyWebhookSignature({ body: raw, header: req.headers["x-dunning-signature"] as string, secret: this.secret }),
          idempotencyKey: (req.headers["idempotency-key"] as string) ?? null,
          attempt: (req.headers["x-dunning-attempt"] as string) ?? null,
        })
        this.respond(res)
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", () => resolve()))
  }

  async stop() {
    const server = this.server
    this.server = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  private respond(res: http.ServerResponse) {
    const record: AnswerRecord = {
      written: 0,
      finished: false,
      closed: new Promise<void>((resolve) => res.on("close", () => resolve())),
    }
    this.answers.push(record)
    const answer = this.answer
    if (answer.kind === "status") {
      res.statusCode = this.status
      res.end("{}", () => (record.finished = true))
      return
    }
    res.writeHead(200, { "content-type": "application/json" })
    if (answer.kind === "stall") {
      res.write('{"accepted":', () => (record.written += 12))
      return
    }
    const chunk = Buffer.alloc(16 * 1024, 0x20)
    let hungUp = false
    res.on("close", () => (hungUp = true))
    const pump = () => {
      while (!hungUp && record.written < answer.bytes) {
        record.written += chunk.length
        if (!res.write(chunk)) {
          res.once("drain", pump)
          return
        }
      }
      if (!hungUp) {
        res.end(() => (record.finished = true))
      }
    }
    pump()
  }
}
