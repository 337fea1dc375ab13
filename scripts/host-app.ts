import { execFileSync } from "child_process"
import fs from "fs"
import path from "path"

/**
 * A Medusa app that installs this plugin the way a merchant does: the plugin is built
 * (`medusa plugin:build`) and packed (`npm pack`), the tarball is unpacked into the app's
 * node_modules, and the app's own `medusa-config.ts` lists it under `plugins`. Every other dependency
 * is a symlink into this repository's node_modules, so laying out an app needs no download.
 * Used by the install tests, the cluster test and `npm run demo`.
 */
export const ROOT = path.resolve(__dirname, "..")

const packed = new Map<string, string>()

/** Builds and packs the plugin once per process into `cacheDir`; returns the tarball's path. */
export function packPlugin(cacheDir: string): string {
  const known = packed.get(cacheDir)
  if (known) {
    return known
  }
  fs.mkdirSync(cacheDir, { recursive: true })
  execFileSync("npx", ["medusa", "plugin:build"], { cwd: ROOT, stdio: "pipe" })
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", cacheDir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] })
  const [{ filename, files }] = JSON.parse(out.toString())
  const paths: string[] = files.map((f: { path: string }) => f.path)
  if (paths.some((p) => p.startsWith("src/") || p.startsWith("integration-tests/") || p === "medusa-config.ts")) {
    throw new Error(`the package ships sources or test files: ${paths.filter((p) => !p.startsWith(".medusa")).join(", ")}`)
  }
  const tarball = path.join(cacheDir, filename)
  packed.set(cacheDir, tarball)
  return tarball
}

export type HostAppInput = {
  /** The app's folder; emptied first. */
  dir: string
  /** The packed plugin (see `packPlugin`). */
  tarball: string
  /** The source of the app's `medusa-config.ts`. */
  medusaConfig: string
  /** Extra files of the app, by path relative to `dir`. */
  files?: Record<string, string>
}

/** Lays out a host app in `dir` with the packed plugin installed; returns `dir`. */
export function layOutHostApp(input: HostAppInput): string {
  const host = input.dir
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
  execFileSync("tar", ["-xzf", input.tarball, "-C", pluginDir, "--strip-components=1"])

  fs.writeFileSync(
    path.join(host, "package.json"),
    JSON.stringify(
      {
        name: `host-${path.basename(host)}`,
        private: true,
        dependencies: { "@medusajs/medusa": "2.21.2", "@medusajs/framework": "2.21.2", "medusa-plugin-dunning": `file:${input.tarball}` },
      },
      null,
      2
    )
  )
  fs.writeFileSync(path.join(host, "medusa-config.ts"), input.medusaConfig)
  for (const [file, content] of Object.entries(input.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(host, file)), { recursive: true })
    fs.writeFileSync(path.join(host, file), content)
  }
  return host
}

/** The `medusa` CLI of a host app. */
export function medusaBin(host: string): string {
  return path.join(host, "node_modules", ".bin", "medusa")
}

/**
 * The `modules` entry of a host app's `medusa-config.ts` that registers the plugin's SMTP provider with
 * Medusa's notification module for the `email` channel, as the README tells merchants to; `options` is the
 * provider's options as source text (so that it can read `process.env`).
 */
export function smtpNotificationModule(options: string): string {
  return `{
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "medusa-plugin-dunning/providers/smtp", id: "dunning-smtp", options: { channels: ["email"], ...${options} } },
        ],
      },
    }`
}
