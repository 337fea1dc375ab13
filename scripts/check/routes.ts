import fs from "fs"
import path from "path"

/**
 * The routes the plugin serves, read from the file tree as Medusa reads it: `src/api/<path>/route.ts` with
 * its exported method handlers, `[param]` folders as `:param`. Tests use it so that a new route cannot be
 * left out of the documentation or the bad-input corpus.
 */
export function apiRoutes(root = path.resolve(__dirname, "..", "..")): Array<[method: string, url: string]> {
  const api = path.join(root, "src", "api")
  const found: Array<[string, string]> = []
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
      } else if (/^route\.tsx?$/.test(entry.name)) {
        const parts = path.relative(api, dir).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, ":$1"))
        for (const match of fs.readFileSync(full, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push([match[1], `/${parts.join("/")}`])
        }
      }
    }
  }
  walk(api)
  return found
}
