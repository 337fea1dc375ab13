import path from "path"
import { layOutHostApp, packPlugin, ROOT } from "../../scripts/host-app"

/**
 * Builds and packs the plugin the way it is published (`medusa plugin:build`, `npm pack`), then lays out
 * a host Medusa app that has the packed plugin in its node_modules and the given plugin options in its
 * `medusa-config.ts`. The host shares this repository's other dependencies through symlinks, so no
 * download is needed.
 */
export function prepareHostApp(name: string, pluginOptions: Record<string, unknown>): string {
  const cache = path.join(ROOT, ".cache", "install-check")
  return layOutHostApp({
    dir: path.join(cache, name),
    tarball: packPlugin(cache),
    medusaConfig: `import { defineConfig } from "@medusajs/framework/utils"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "supersecret", cookieSecret: "supersecret", storeCors: "", adminCors: "", authCors: "" },
  },
  admin: { disable: true },
  plugins: [{ resolve: "medusa-plugin-dunning", options: ${JSON.stringify(pluginOptions)} }],
})
`,
  })
}
