import { spawnSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { DEFAULT_STAGES } from "../domain/policy"
import {
  renderNotice,
  RenderPool,
  RendererUnavailable,
  sampleNoticeContext,
  TEMPLATE_LIMITS,
  TemplateRenderError,
  type NoticeTemplateContext,
  type NoticeTemplates,
} from "../templates"

jest.setTimeout(120_000)

const NOW = new Date("2026-03-20T10:00:00.000Z")
const ROOT = path.resolve(__dirname, "..", "..", "..", "..")
const overdue = DEFAULT_STAGES.find((s) => s.offset_days === 5)!
const DEFAULT_TEMPLATES: NoticeTemplates = { subject: overdue.subject_template!, body_html: overdue.body_html_template!, body_text: null }

// 64 KB that repeat the customer's name for every invoice: megabytes of output for the largest notice
const NAME = "{{@root.customer.name}} "
const HOSTILE: NoticeTemplates = { subject: "x", body_html: `{{#each receivables}}${NAME.repeat(Math.floor((TEMPLATE_LIMITS.templateBytes - 100) / NAME.length))}{{/each}}` }
// a large body whose compiling alone takes far longer than a few milliseconds
const SLOW_TO_COMPILE: NoticeTemplates = { subject: "x", body_html: "{{store.name}}".repeat(Math.floor(60_000 / 14)) }

async function refusal(promise: Promise<unknown>): Promise<TemplateRenderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(TemplateRenderError)
  return error as TemplateRenderError
}

describe("the render pool", () => {
  const pools: RenderPool[] = []
  const pool = (options: ConstructorParameters<typeof RenderPool>[0] = {}) => {
    const created = new RenderPool(options)
    pools.push(created)
    return created
  }
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()))
  })

  it("renders a notice on a worker exactly as it renders in the process", async () => {
    const context = sampleNoticeContext(NOW)
    const renders = pool()
    expect(await renders.renderNotice(DEFAULT_TEMPLATES, context)).toEqual(renderNotice(DEFAULT_TEMPLATES, context))
    const many = await Promise.all(Array.from({ length: 20 }, () => renders.renderNotice(DEFAULT_TEMPLATES, context)))
    expect(new Set(many.map((n) => n.html)).size).toBe(1)
    expect(renders.stats()).toMatchObject({ started: 2, replaced: 0, busy: 0, queued: 0 })
  })

  it("hands template problems back as the same error, with field and line", async () => {
    const error = await refusal(pool().renderNotice({ subject: "x", body_html: "ok\n{{customer.nmae}}" }, sampleNoticeContext(NOW)))
    expect(error).toMatchObject({ field: "body_html", line: 2, message: expect.stringContaining("Unknown variable 'customer.nmae'") })
    expect(error.problems).toHaveLength(1)
  })

  it("refuses a hostile template at save time with the size problem", async () => {
    expect(await pool().validateTemplates(HOSTILE)).toEqual([
      expect.objectContaining({ field: "body_html", message: expect.stringMatching(/^For the largest notice .*larger than 256 KB$/) }),
    ])
  })

  it("keeps the calling thread answering while a costly template is being checked", async () => {
    const renders = pool({ size: 1 })
    const order: string[] = []
    const checked = renders.validateTemplates(HOSTILE).then(() => order.push("checked"))
    setImmediate(() => order.push(`tick while ${renders.stats().busy + renders.stats().queued} job(s) in progress`))
    await checked
    expect(order).toEqual(["tick while 1 job(s) in progress", "checked"])
  })

  it("terminates a worker that outlives its deadline, fails the job with the time problem and carries on with a new worker", async () => {
    const renders = pool({ size: 1, deadlineMs: 50 })
    await renders.renderNotice({ subject: "x", body_html: "warm" }, sampleNoticeContext(NOW))
    const error = await refusal(renders.renderNotice(SLOW_TO_COMPILE, sampleNoticeContext(NOW)))
    expect(error.problems).toEqual([expect.objectContaining({ field: "body_html", message: `Rendering took longer than ${TEMPLATE_LIMITS.renderMs} ms` })])
    expect(renders.stats()).toMatchObject({ started: 1, terminated: 1, replaced: 1, busy: 0 })
    expect((await renders.renderNotice({ subject: "after", body_html: "ok" }, sampleNoticeContext(NOW))).subject).toBe("after")
    expect(renders.stats()).toMatchObject({ started: 2, terminated: 1 })
    // a check cut short answers with the problem rather than failing
    expect(await renders.validateTemplates(SLOW_TO_COMPILE)).toEqual([expect.objectContaining({ message: expect.stringMatching(/longer than/) })])
  })

  it("replaces a worker that runs out of memory and fails that notice with the size problem", async () => {
    const renders = pool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 16 }, deadlineMs: 60_000 })
    await renders.renderNotice({ subject: "x", body_html: "warm" }, sampleNoticeContext(NOW))
    const sample = sampleNoticeContext(NOW)
    const huge = "N".repeat(8 * 1024 * 1024)
    // text this long never reaches a worker from our callers; here it fills the worker's heap as it arrives
    const bloated: NoticeTemplateContext = { ...sample, receivables: Array.from({ length: 8 }, (_, i) => ({ ...sample.receivables[0], id: `r${i}`, number: huge })) }
    const error = await refusal(renders.renderNotice(DEFAULT_TEMPLATES, bloated))
    expect(error.message).toMatch(/larger than 256 KB/)
    expect(renders.stats()).toMatchObject({ out_of_memory: 1, replaced: 1, terminated: 0 })
    expect((await renders.renderNotice(DEFAULT_TEMPLATES, sample)).subject).toBe("Notification of Overdue Invoices – Keller Gastronomie GmbH")
  })

  it("says the renderer is unavailable, not that the template is wrong, when no worker can start", async () => {
    const renders = pool({ resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 } })
    const error = await renders.renderNotice(DEFAULT_TEMPLATES, sampleNoticeContext(NOW)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RendererUnavailable)
    expect(error).not.toBeInstanceOf(TemplateRenderError)
  })
})

describe("the render pool in a process of its own", () => {
  const script = (importPath: string) => `
const { renderNoticeIsolated, sampleNoticeContext } = require(${JSON.stringify(importPath)})
renderNoticeIsolated({ subject: "Hello {{customer.name}}", body_html: "<p>{{> invoiceTable}}</p>" }, sampleNoticeContext())
  .then((notice) => console.log(notice.subject + " | " + notice.text.split("\\n")[0]))
`
  const expected = "Hello Maria Keller | Invoice        Issued        Due           Days overdue  Outstanding"

  it("starts its worker from TypeScript sources (as under ts-node) and lets the process end by itself", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-pool-ts-"))
    const file = path.join(dir, "render.ts")
    fs.writeFileSync(file, script(path.join(ROOT, "src/modules/dunning/templates")))
    const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", file], {
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
      encoding: "utf8",
      timeout: 90_000,
    })
    expect(run.stderr).toBe("")
    expect({ status: run.status, signal: run.signal, out: run.stdout.trim().replace(/[\u00a0\u202f]/g, " ") }).toEqual({ status: 0, signal: null, out: expected })
  })

  it("starts the compiled worker next to the compiled pool in a built plugin, without a TypeScript loader", () => {
    const swc = require("@swc/core")
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "render-pool-js-"))
    for (const folder of ["src/modules/dunning/templates", "src/modules/dunning/domain"]) {
      for (const name of fs.readdirSync(path.join(ROOT, folder)).filter((n) => n.endsWith(".ts"))) {
        const { code } = swc.transformSync(fs.readFileSync(path.join(ROOT, folder, name), "utf8"), {
          filename: name,
          swcrc: false,
          module: { type: "commonjs" },
          jsc: { target: "es2021", parser: { syntax: "typescript" } },
        })
        fs.mkdirSync(path.join(out, folder), { recursive: true })
        fs.writeFileSync(path.join(out, folder, name.replace(/\.ts$/, ".js")), code)
      }
    }
    // the build emits the locale files the templates import next to them, as they are
    fs.cpSync(path.join(ROOT, "src/modules/dunning/templates/locales"), path.join(out, "src/modules/dunning/templates/locales"), { recursive: true })
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"))
    fs.writeFileSync(path.join(out, "render.js"), script("./src/modules/dunning/templates"))
    const run = spawnSync(process.execPath, ["render.js"], { cwd: out, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } })
    expect(fs.existsSync(path.join(out, "src/modules/dunning/templates/render-worker.ts"))).toBe(false)
    expect(run.stderr).toBe("")
    expect({ status: run.status, signal: run.signal, out: run.stdout.trim().replace(/[\u00a0\u202f]/g, " ") }).toEqual({ status: 0, signal: null, out: expected })
  })
})
