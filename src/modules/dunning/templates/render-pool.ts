import { existsSync } from "fs"
import os from "os"
import path from "path"
import { Worker, type ResourceLimits } from "worker_threads"
import { limitProblem } from "./compiler"
import { listedPart, type NoticeTemplateContext } from "./context"
import { PROGRESS_FIELDS, type RenderAnswer, type RenderJob } from "./render-protocol"
import { TEMPLATE_LIMITS, TemplateRenderError, type NoticeTemplates, type RenderedNotice, type TemplateField, type TemplateProblem } from "./types"

/**
 * Renders notices and checks templates on worker threads, so that no template can stall the server.
 * Handlebars renders synchronously: inside the process, a template that runs long or builds a huge
 * string blocks every request, run and delivery until it is done. In a worker it blocks only that
 * worker, and the worker is bounded from outside: its heap is capped (`resourceLimits`), and a job that
 * outlives its deadline is ended with `terminate()`. The time and size checks inside the render stay
 * (they stop most runaway templates early and say why); the deadline and the heap cap catch what they
 * cannot. A terminated or out-of-memory worker is replaced, and its job fails with the time or size
 * problem, like any other template problem.
 *
 * Workers start on first use and are unref'd: an idle pool never keeps a process alive. The worker runs
 * `render-worker.js` next to this file in a built plugin; from TypeScript sources (tests, `medusa
 * develop` in this repository) it registers a TypeScript loader inside the worker first, since a
 * worker does not inherit the loader of the thread that started it.
 */

export type RenderPoolOptions = {
  /** Workers at most; default: 2, or 1 on a single core. */
  size?: number
  resourceLimits?: ResourceLimits
  /** A fixed deadline for every job instead of the one derived from the templates' size. */
  deadlineMs?: number
}

export type RenderPoolStats = { started: number; replaced: number; terminated: number; out_of_memory: number; busy: number; queued: number }

// a render needs a few MB; the cap stops a runaway before it hurts the process around it
const RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 }
// compiling a template is not part of the render budget (it happens once per template and worker) but
// must fit the deadline: handlebars compiles about 5 ms per KB of template here, allowed five times over
const COMPILE_MS_PER_KB = 25
// messages, scheduling and a garbage collection on a busy machine
const SLACK_MS = 250
// budgets a check runs through: two samples template by template, then the largest notice whole
const VALIDATION_RENDERS = 7
const BOOT_TIMEOUT_MS = 30_000

type Task = { job: RenderJob; deadlineMs: number; resolve: (value: unknown) => void; reject: (error: Error) => void }

type Slot = {
  worker: Worker
  progress: Int32Array
  ready: boolean
  gone: boolean
  task: Task | null
  timer: NodeJS.Timeout | null
}

const TEMPLATE_FIELDS: TemplateField[] = ["subject", "body_html", "body_text"]

function templateKb(templates: NoticeTemplates): number {
  const source = (templates ?? {}) as Partial<Record<TemplateField, unknown>>
  return TEMPLATE_FIELDS.reduce((sum, field) => sum + (typeof source[field] === "string" ? (source[field] as string).length / 1024 : 0), 0)
}

/** How long a job may hold a worker: its render budgets plus the time to compile its templates. */
export function jobDeadlineMs(job: RenderJob): number {
  const renders = job.kind === "render" ? 1 : VALIDATION_RENDERS
  return SLACK_MS + renders * TEMPLATE_LIMITS.renderMs + Math.ceil(templateKb(job.templates) * COMPILE_MS_PER_KB)
}

// Registers a TypeScript loader inside a worker started from sources: @swc/core (what jest and ts-node
// use here) if it can be found from the sources, else ts-node. Neither is needed by a built plugin.
const TYPESCRIPT_BOOT = `
const { workerData } = require("worker_threads")
const Module = require("module")
const fs = require("fs")
const from = Module.createRequire(workerData.entry)
let swc = null
try { swc = from("@swc/core") } catch {}
if (swc) {
  Module._extensions[".ts"] = function (module, filename) {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
      filename, swcrc: false, configFile: false,
      module: { type: "commonjs" },
      jsc: { target: "es2021", parser: { syntax: "typescript" } },
    })
    module._compile(code, filename)
  }
} else {
  from("ts-node").register({ transpileOnly: true, swc: false, compilerOptions: { module: "commonjs", moduleResolution: "node" } })
}
from(workerData.entry)
`

function workerEntry(): { script: string; eval: boolean; entry: string } {
  const built = path.join(__dirname, "render-worker.js")
  if (existsSync(built)) {
    return { script: built, eval: false, entry: built }
  }
  const source = path.join(__dirname, "render-worker.ts")
  if (existsSync(source)) {
    return { script: TYPESCRIPT_BOOT, eval: true, entry: source }
  }
  throw new Error(`the template renderer is missing: neither ${built} nor ${source} exists`)
}

/** A failure of the pool itself (no worker could start), not of a template. */
export class RendererUnavailable extends Error {
  constructor(reason: string) {
    super(`the template renderer could not start: ${reason}`)
    this.name = "RendererUnavailable"
  }
}

export class RenderPool {
  private readonly size: number
  private readonly limits: ResourceLimits
  private readonly fixedDeadline: number | null
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private readonly counts = { started: 0, replaced: 0, terminated: 0, out_of_memory: 0 }
  private closed = false

  constructor(options: RenderPoolOptions = {}) {
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length
    this.size = Math.max(1, Math.floor(options.size ?? Math.min(2, cores)))
    this.limits = { ...RESOURCE_LIMITS, ...options.resourceLimits }
    this.fixedDeadline = options.deadlineMs ?? null
  }

  /** {@link renderNotice} on a worker: resolves with the notice, rejects with a TemplateRenderError. */
  renderNotice(templates: NoticeTemplates, context: NoticeTemplateContext): Promise<RenderedNotice> {
    // only what the notice shows crosses to the worker: a customer with thousands of invoices costs the
    // calling thread no more than one with fifty
    return this.submit({ kind: "render", templates, context: listedPart(context) }) as Promise<RenderedNotice>
  }

  /** {@link validateTemplates} on a worker: every problem, [] when the templates are fine. */
  async validateTemplates(templates: NoticeTemplates): Promise<TemplateProblem[]> {
    try {
      return (await this.submit({ kind: "validate", templates })) as TemplateProblem[]
    } catch (error) {
      if (error instanceof TemplateRenderError) {
        return error.problems
      }
      throw error
    }
  }

  stats(): RenderPoolStats {
    return { ...this.counts, busy: this.slots.filter((s) => s.task).length, queued: this.queue.length }
  }

  /** Ends every worker; waiting jobs fail. The pool starts afresh when used again. */
  async close(): Promise<void> {
    this.closed = true
    const waiting = this.queue.splice(0)
    waiting.forEach((task) => task.reject(new RendererUnavailable("the renderer was closed")))
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot, new RendererUnavailable("the renderer was closed"))))
    this.closed = false
  }

  private submit(job: RenderJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, deadlineMs: this.fixedDeadline ?? jobDeadlineMs(job), resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      const idle = this.slots.find((s) => s.ready && !s.task)
      if (!idle) {
        const starting = this.slots.filter((s) => !s.ready).length
        if (this.slots.length < this.size && starting < this.queue.length) {
          this.spawn()
          continue
        }
        return
      }
      this.assign(idle, this.queue.shift()!)
    }
  }

  private spawn(): void {
    const progress = new Int32Array(new SharedArrayBuffer(4))
    let worker: Worker
    try {
      const entry = workerEntry()
      worker = new Worker(entry.script, { eval: entry.eval, workerData: { entry: entry.entry, progress: progress.buffer }, resourceLimits: this.limits })
    } catch (error) {
      this.failQueue(new RendererUnavailable((error as Error).message))
      return
    }
    const slot: Slot = { worker, progress, ready: false, gone: false, task: null, timer: null }
    this.slots.push(slot)
    this.counts.started += 1
    // a job waiting for this worker keeps the process alive while it starts, and no longer than this
    slot.timer = setTimeout(() => this.crashed(slot, new Error(`no worker was ready after ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS)
    worker.on("message", (answer: RenderAnswer) => this.answered(slot, answer))
    worker.on("error", (error: Error & { code?: string }) => this.crashed(slot, error))
    worker.on("exit", (code) => this.crashed(slot, new Error(`the worker stopped (exit code ${code})`)))
    // after the listeners: adding a message listener refs the worker's port again
    worker.unref()
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task
    // a process waits for the answer to a job, never for an idle worker
    slot.worker.ref()
    Atomics.store(slot.progress, 0, 0)
    slot.timer = setTimeout(() => this.expire(slot), task.deadlineMs)
    slot.worker.postMessage(task.job)
  }

  private answered(slot: Slot, answer: RenderAnswer): void {
    if (slot.gone) {
      return
    }
    this.clearTimer(slot)
    if (answer.type === "ready") {
      slot.ready = true
      this.pump()
      return
    }
    const task = slot.task
    slot.task = null
    slot.worker.unref()
    if (task) {
      if (answer.type === "done") {
        task.resolve(answer.value)
      } else if (answer.type === "refused") {
        task.reject(new TemplateRenderError(answer.problems[0], answer.problems))
      } else {
        task.reject(new TemplateRenderError(unrenderable(this.field(slot))))
      }
    }
    this.pump()
  }

  /** The job outlived its deadline: the worker is ended and the job fails with the time problem. */
  private expire(slot: Slot): void {
    this.counts.terminated += 1
    void this.stop(slot, new TemplateRenderError(limitProblem(this.field(slot), "time")))
  }

  private crashed(slot: Slot, error: Error & { code?: string }): void {
    if (slot.gone) {
      return
    }
    if (!slot.ready) {
      // a worker that cannot start would not start the next time either: tell every waiting job
      const reason = new RendererUnavailable(error.message)
      void this.stop(slot, reason)
      this.failQueue(reason)
      return
    }
    if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
      this.counts.out_of_memory += 1
      void this.stop(slot, new TemplateRenderError(limitProblem(this.field(slot), "output")))
      return
    }
    void this.stop(slot, new TemplateRenderError(unrenderable(this.field(slot))))
  }

  /** Takes a worker out of the pool, fails its job with `reason` and lets a new worker take over. */
  private async stop(slot: Slot, reason: Error): Promise<void> {
    if (slot.gone) {
      return
    }
    slot.gone = true
    this.clearTimer(slot)
    const index = this.slots.indexOf(slot)
    if (index !== -1) {
      this.slots.splice(index, 1)
    }
    const task = slot.task
    slot.task = null
    task?.reject(reason)
    if (slot.ready && !this.closed) {
      this.counts.replaced += 1
    }
    this.pump()
    await slot.worker.terminate().catch(() => undefined)
  }

  private failQueue(reason: Error): void {
    this.queue.splice(0).forEach((task) => task.reject(reason))
  }

  private field(slot: Slot): TemplateField {
    return PROGRESS_FIELDS[Atomics.load(slot.progress, 0) - 1] ?? "body_html"
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) {
      clearTimeout(slot.timer)
      slot.timer = null
    }
  }
}

function unrenderable(field: TemplateField): TemplateProblem {
  return { field, line: null, column: null, message: "The template could not be rendered", hint: "Check the template against the variable reference." }
}

let shared: RenderPool | null = null

/** The process's render pool, started on first use. */
export function renderPool(): RenderPool {
  shared ??= new RenderPool()
  return shared
}

/**
 * Renders one notice on the render pool, never on the calling thread. Resolves with the notice;
 * rejects with a {@link TemplateRenderError} for a template problem or a broken limit (time, size,
 * memory), or with {@link RendererUnavailable} when no worker can start.
 */
export function renderNoticeIsolated(templates: NoticeTemplates, context: NoticeTemplateContext): Promise<RenderedNotice> {
  return renderPool().renderNotice(templates, context)
}

/** Checks a stage's templates on the render pool (see validateTemplates): every problem, [] when fine. */
export function validateTemplatesIsolated(templates: NoticeTemplates): Promise<TemplateProblem[]> {
  return renderPool().validateTemplates(templates)
}

/** Ends the process's render pool (tests and scripts that want to exit at once). */
export async function closeRenderPool(): Promise<void> {
  await shared?.close()
}
