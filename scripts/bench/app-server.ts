import http from "http"
import net from "net"

/**
 * What the benchmarks that start this repository's Medusa app share: a free port on localhost, and waiting
 * until the started app answers `/health`.
 */

/** Waits up to four minutes for the app on `port` to answer `/health`; fails with the app's log otherwise. */
export async function waitForHealth(port: number, log: () => string) {
  const deadline = Date.now() + 240_000
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: "127.0.0.1", port, path: "/health" }, (res) => resolve(res.statusCode === 200)).on("error", () => resolve(false))
    })
    if (ok) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the server did not start:\n${log()}`)
}

/** A port nothing listens on at the moment, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
