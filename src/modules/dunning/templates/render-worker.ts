import { parentPort, workerData } from "worker_threads"
import { observeFields, renderNotice, validateTemplates } from "./compiler"
import { PROGRESS_FIELDS, type RenderAnswer, type RenderJob } from "./render-protocol"
import { TemplateRenderError } from "./types"

/**
 * The inside of a render worker (see render-pool.ts): renders notices and checks templates with the
 * same synchronous functions as everywhere else, one job at a time, and answers with plain data. The
 * pool gives up on a job that takes too long by terminating this thread, so nothing here needs to be
 * interruptible; it only writes which template it is working on where the pool can read it.
 */

function answer(message: RenderAnswer): void {
  parentPort!.postMessage(message)
}

function run(job: RenderJob): RenderAnswer {
  try {
    const value = job.kind === "render" ? renderNotice(job.templates, job.context) : validateTemplates(job.templates)
    return { type: "done", value }
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      return { type: "refused", problems: error.problems }
    }
    // renderNotice throws nothing else; say only what kind of failure it was, never the notice data
    return { type: "failed", message: error instanceof Error ? error.name : "unknown error" }
  }
}

if (parentPort && workerData?.progress instanceof SharedArrayBuffer) {
  const progress = new Int32Array(workerData.progress as SharedArrayBuffer)
  observeFields((field) => Atomics.store(progress, 0, PROGRESS_FIELDS.indexOf(field) + 1))
  parentPort.on("message", (job: RenderJob) => {
    Atomics.store(progress, 0, 0)
    answer(run(job))
  })
  answer({ type: "ready" })
}
