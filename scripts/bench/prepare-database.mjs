// Creates (or re-creates) a scratch database for a benchmark and runs every migration on it, so each
// benchmark starts from the same empty schema. Usage: node prepare-database.mjs <database name>
// With BENCH_RESEED=false an existing database is kept (and migrated), for a benchmark that can reuse its rows.
import { execFileSync } from "node:child_process"
import pg from "pg"

const name = process.argv[2]
if (!/^[a-z0-9_]+$/.test(name ?? "")) {
  console.error("usage: node prepare-database.mjs <database name: a-z, 0-9, _>")
  process.exit(2)
}
const server = process.env.BENCH_DATABASE_SERVER ?? "postgres://postgres@localhost:5432"
const admin = new pg.Client({ connectionString: `${server}/postgres` })
await admin.connect()
const { rowCount: exists } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])
if (!exists || process.env.BENCH_RESEED !== "false") {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${name}"`)
}
await admin.end()
execFileSync("npx", ["medusa", "db:migrate", "--skip-scripts"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, DATABASE_URL: `${server}/${name}`, NODE_ENV: "development" },
})
console.log(`database ${name} ready`)
