import http from "http"
import { verifyWebhookSignature } from "../../src/providers/webhook/signature"

/** A local HTTP receiver for webhook notices: verifies each signature and answers as told. */
export class WebhookPeer {
  received: Array<{ body: any; signatureValid: boolean; idempotencyKey: string | null }> = []
  status = 200
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
        })
        res.statusCode = this.status
        res.end("{}")
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", () => resolve()))
  }

  async stop() {
    const server = this.server
    this.server = null
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
