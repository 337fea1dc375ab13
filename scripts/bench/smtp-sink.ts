import { SMTPServer } from "smtp-server"

/**
 * An SMTP server in this process that accepts every message and only counts it, for the delivery
 * benchmarks: no STARTTLS, no authentication required, messages up to `sizeBytes`.
 */
export async function startSmtpSink(port: number, sizeBytes?: number): Promise<{ received: () => number; close: () => Promise<void> }> {
  let received = 0
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    ...(sizeBytes ? { size: sizeBytes } : {}),
    onData(stream, _session, callback) {
      stream.on("data", () => undefined)
      stream.on("end", () => {
        received += 1
        callback()
      })
    },
  })
  // replies go out at once (without Nagle's algorithm every reply waits for the client's delayed ACK)
  ;(server as unknown as { server: import("net").Server }).server.on("connection", (socket) => socket.setNoDelay(true))
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()))
  return { received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
