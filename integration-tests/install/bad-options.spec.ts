import { spawnSync } from "child_process"
import path from "path"
import { Client } from "pg"
import { prepareHostApp } from "./host-app"

const DB_NAME = "dunning_install_bad_options"
const server = {
  host: process.env.DB_HOST,
  port: Number(process.env.DB_PORT),
  user: process.env.DB_USERNAME,
  password: process.env.DB_PASSWORD,
  database: "postgres",
}

beforeAll(async () => {
  const client = new Client(server)
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS "${DB_NAME}"`)
  await client.query(`CREATE DATABASE "${DB_NAME}"`)
  await client.end()
})

afterAll(async () => {
  const client = new Client(server)
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS "${DB_NAME}"`)
  await client.end()
})

jest.setTimeout(300_000)

describe("a host app in production with in-memory modules", () => {
  it("starts with a clear warning for each module that cannot be shared between instances", () => {
    const host = prepareHostApp("single-instance", { defaultTermsDays: 30 })
    const result = spawnSync(path.join(host, "node_modules", ".bin", "medusa"), ["db:migrate"], {
      cwd: host,
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `postgres://${server.user}@${server.host}:${server.port}/${DB_NAME}` },
      encoding: "utf-8",
      timeout: 240_000,
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(output).toMatch(/dunning: the workflow engine is in-memory/)
    expect(output).toMatch(/dunning: the locking module uses its in-memory provider/)
  })
})

describe("a host app with a wrong plugin option", () => {
  it("refuses to start and names the option", () => {
    const host = prepareHostApp("misconfigured", { defaultTermsDays: -5, schedule: "every hour" })
    const result = spawnSync(path.join(host, "node_modules", ".bin", "medusa"), ["db:migrate"], {
      cwd: host,
      env: {
        ...process.env,
        NODE_ENV: "development",
        DATABASE_URL: `postgres://${server.user}@${server.host}:${server.port}/${DB_NAME}`,
      },
      encoding: "utf-8",
      timeout: 240_000,
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.status).not.toBe(0)
    expect(output).toMatch(/medusa-plugin-dunning: invalid plugin options/)
    expect(output).toMatch(/'defaultTermsDays'/)
    expect(output).toMatch(/'schedule' must be a cron expression/)
  })
})
