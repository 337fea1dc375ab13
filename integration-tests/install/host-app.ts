import { execFileSync } from "child_process"
import fs from "fs"
import path from "path"

const ROOT = path.resolve(__dirname, "..", "..")

/**
 * Builds and packs the plugin the way it is published (`medusa plugin:build`, `npm pack`), then lays out
 * a host Medusa app that has the packed plugin in its node_modules and the given plugin options in its
 * `medusa-config.ts`. The host shares this repository's other dependencies through symlinks, so no
 * download is needed.
 */
export function prepareHostApp(name: string, pluginOptions: Record<string, unknown>): string {
  const cache = path.join(ROOT, ".cache", "install-check")
  const tarball = packOnce(cache)
  const host = path.join(cache, name)
  fs.rmSync(host, { recursive: true, force: true })
  fs.mkdirSync(path.join(host, "node_modules"), { recursive: true })

  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "medusa-plugin-dunning" || entry === ".cache") {
      continue
    }
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(host, "node_modules", entry))
  }
  const pluginDir = path.join(host, "node_modules", "medusa-plugin-dunning")
  fs.mkdirSync(pluginDir, { recursive: true })
  execFileSync("tar", ["-xzf", tarball, "-C", pluginDir, "--strip-components=1"])

  fs.writeFileSync(
    path.join(host, "package.json"),
    JSON.stringify(
      {
        name: `host-${name}`,
        private: true,
        dependencies: { "@medusajs/medusa": "2.21.2", "@medusajs/framework": "2.21.2", "medusa-plugin-dunning": `file:${tarball}` },
      },
      null,
      2
    )
  )
  fs.writeFileSync(
    path.join(host, "medusa-config.ts"),
    `import { defineConfig } from "@medusajs/framework/utils"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "supersecret", cookieSecret: "supersecret", storeCors: "", adminCors: "", authCors: "" },
  },
  admin: { disable: true },
  plugins: [{ resolve: "medusa-plugin-dunning", options: ${JSON.stringify(pluginOptions)} }],
})
`
  )
  return host
}

let packed: string | null = null

function packOnce(cache: string): string {
  if (packed) {
    return packed
  }
  fs.mkdirSync(cache, { recursive: true })
  execFileSync("npx", ["medusa", "plugin:build"], { cwd: ROOT, stdio: "pipe" })
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", cache], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] })
  const [{ filename, files }] = JSON.parse(out.toString())
  const paths: string[] = files.map((f: { path: string }) => f.path)
  if (paths.some((p) => p.startsWith("src/") || p.startsWith("integration-tests/") || p === "medusa-config.ts")) {
    throw new Error(`the package ships sources or test files: ${paths.filter((p) => !p.startsWith(".medusa")).join(", ")}`)
  }
  packed = path.join(cache, filename)
  return packed
}
