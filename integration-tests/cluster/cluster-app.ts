import { spawn, type ChildProcess } from "child_process"
import path from "path"
import { layOutHostApp, medusaBin, packPlugin, ROOT, smtpNotificationModule } from "../../scripts/host-app"

/**
 * A merchant's app set up to run on several machines: the packed plugin, Medusa's Redis event bus,
 * Redis workflow engine and Redis locking, one PostgreSQL. Each process gets its port, worker mode,
 * database connection (tagged with an application name) and sender address from the environment, so
 * the test can tell the processes apart in PostgreSQL and in the mail they send. The app has one route
 * of its own, `POST /admin/cluster/dunning-run`, that runs the plugin's dunning-run workflow in that
 * process to the end without the run lease: what a scheduler firing the job on two workers at once (or
 * an app calling the workflow) does, so the test can make two processes run it at the same moment.
 */
export function prepareClusterApp(pluginOptions: Record<string, unknown>): string {
  const cache = path.join(ROOT, ".cache", "cluster")
  return layOutHostApp({
    dir: path.join(cache, "host"),
    tarball: packPlugin(cache),
    files: {
      "src/api/admin/cluster/dunning-run/route.ts": DIRECT_RUN_ROUTE,
      "tsconfig.json": JSON.stringify({
        compilerOptions: { target: "ES2021", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true },
        "ts-node": { swc: true },
      }),
    },
    medusaConfig: `import { defineConfig } from "@medusajs/framework/utils"

const redisUrl = process.env.REDIS_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server",
    http: { jwtSecret: "supersecret", cookieSecret: "supersecret", storeCors: "", adminCors: "", authCors: "" },
  },
  admin: { disable: true },
  plugins: [{ resolve: "medusa-plugin-dunning", options: ${JSON.stringify(pluginOptions)} }],
  modules: [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }] },
    },
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
    ${smtpNotificationModule(`{
      from: process.env.DUNNING_MAIL_FROM,
      host: "127.0.0.1",
      port: Number(process.env.DUNNING_SMTP_PORT),
      secure: false,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 3000,
      greetingTimeout: 3000,
      socketTimeout: 10000,
    }`)},
  ],
})
`,
  })
}

const DIRECT_RUN_ROUTE = `import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runDunningWorkflow } from "medusa-plugin-dunning/workflows"

export const POST = async (req: MedusaRequest<{ batch_size?: number }>, res: MedusaResponse) => {
  const { result } = await runDunningWorkflow(req.scope).run({ input: { trigger: "manual", batch_size: req.body?.batch_size } })
  const { batches, customers_seen, receivables_seen, notices_created, escalations_created, skipped } = result.totals
  res.json({ run: result.run, totals: { batches, customers_seen, receivables_seen, notices_created, escalations_created, skipped } })
}
`

/** One `medusa start` process of the app. */
export class MedusaProcess {
  child: ChildProcess | null = null
  output = ""

  constructor(
    readonly name: string,
    readonly host: string,
    readonly port: number,
    readonly env: NodeJS.ProcessEnv
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  get pid() {
    return this.child?.pid ?? null
  }

  /** Starts the process and resolves once it answers /health. */
  async start(deadlineMs = 180_000): Promise<void> {
    const child = spawn(medusaBin(this.host), ["start", "--port", String(this.port)], {
      cwd: this.host,
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    this.child = child
    child.stdout!.on("data", (d) => (this.output += d.toString()))
    child.stderr!.on("data", (d) => (this.output += d.toString()))
    const deadline = Date.now() + deadlineMs
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${this.output.slice(-4000)}`)
      }
      const healthy = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false
      )
      if (healthy) {
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`${this.name} did not answer /health within ${deadlineMs / 1000} s:\n${this.output.slice(-4000)}`)
  }

  /** Ends the process with `signal` and resolves when it has exited. */
  async stop(signal: NodeJS.Signals = "SIGTERM", deadlineMs = 20_000): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
    child.kill(signal)
    const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs)
    await exited
    clearTimeout(timer)
  }

  /** A request that must succeed (2xx); fails with the status and body otherwise. */
  async request<T = any>(method: "GET" | "POST", route: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    const answer = await this.send<T>(method, route, token, body)
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${this.name} ${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`)
    }
    return answer
  }

  /** A request whose answer is returned whatever its status. */
  async send<T = any>(method: "GET" | "POST", route: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: any = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed }
  }
}
