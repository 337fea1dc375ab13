/**
 * `npm run bench:templates`: what rendering costs the server's event loop. Renders 1,000 notices through
 * the isolated renderer (the worker pool delivery, the preview and the policy check use) with hostile
 * templates and with the default template, a few at a time as delivery does, while
 * `perf_hooks.monitorEventLoopDelay` watches the calling thread; prints the longest and p99 stall
 * (target: longest < 50 ms), renders per second, and the default template's rate against rendering in
 * the process. Then the timings that do not belong in tests: how soon a runaway render is stopped, and
 * that turning HTML into text grows linearly with the input (4x the input, about 4x the time; inputs
 * that took seconds to minutes with the regular expressions it replaced).
 */
import { monitorEventLoopDelay } from "perf_hooks"
import { DEFAULT_STAGES } from "../../src/modules/dunning/domain/policy"
import {
  closeRenderPool,
  htmlToText,
  renderNotice,
  renderNoticeIsolated,
  sampleNoticeContext,
  TEMPLATE_LIMITS,
  TemplateRenderError,
  worstCaseNoticeContext,
  type NoticeTemplateContext,
  type NoticeTemplates,
} from "../../src/modules/dunning/templates"

const COUNT = Number(process.env.BENCH_NOTICES ?? 1000)
// delivery's default `delivery.concurrency`
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 5)
const NOW = new Date("2026-03-23T09:00:00Z")
const TARGET_MAX_DELAY_MS = 50

const overdue = DEFAULT_STAGES.find((s) => s.action === "send" && s.offset_days > 0)!
const DEFAULT_TEMPLATES: NoticeTemplates = { subject: overdue.subject_template!, body_html: overdue.body_html_template!, body_text: null }

// 64 KB that repeat a customer's 4,096-character name for every invoice
const NAME = "{{@root.customer.name}} "
const HOSTILE_NAME: NoticeTemplates = {
  subject: "Overdue invoices",
  body_html: `{{#each receivables}}${NAME.repeat(Math.floor((TEMPLATE_LIMITS.templateBytes - 100) / NAME.length))}{{/each}}`,
}
// a preformatted block of 64,000 spaces: quadratic in the old text conversion
const HOSTILE_PRE: NoticeTemplates = { subject: "Overdue invoices", body_html: `<pre>${" ".repeat(64_000)}{{customer.name}}</pre>` }

function hostileCustomer(): NoticeTemplateContext {
  const largest = worstCaseNoticeContext(NOW)
  const sample = sampleNoticeContext(NOW)
  return {
    ...largest,
    customer: { ...largest.customer, name: "K".repeat(4096) },
    receivables: Array.from({ length: 1000 }, (_, i) => ({ ...largest.receivables[i % largest.receivables.length], id: `rcv_${i}` })),
    totals: sample.totals,
  }
}

type Outcome = { label: string; seconds: number; rate: number; refused: number; maxDelayMs: number; p99DelayMs: number }

async function measure(label: string, render: () => Promise<unknown>): Promise<Outcome> {
  // a 1 ms timer: each recorded delay is the time between its ticks, so an idle loop reads about 1 ms
  const delay = monitorEventLoopDelay({ resolution: 1 })
  let refused = 0
  let next = 0
  delay.enable()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < COUNT) {
        next += 1
        await render().catch((error) => {
          if (!(error instanceof TemplateRenderError)) {
            throw error
          }
          refused += 1
        })
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  delay.disable()
  return { label, seconds, rate: COUNT / seconds, refused, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 }
}

/** One synchronous call, timed: what the event loop would wait for if it ran in the process. */
function inProcess(run: () => unknown): number {
  const started = performance.now()
  try {
    run()
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) {
      throw error
    }
  }
  return performance.now() - started
}

function linearGrowth() {
  const cases: Array<[string, (n: number) => string]> = [
    ["<pre> of spaces", (n) => `<pre>${" ".repeat(n)}x</pre>`],
    ["<pre> of newlines", (n) => `<pre>${"\n".repeat(n)}x</pre>`],
    ["nested lists", (n) => `${"<ul>".repeat(n / 8)}${"<li>x".repeat(n / 8)}`],
    ["nested links", (n) => `${"<a href='h'>".repeat(n / 12)}x${"</a>".repeat(n / 12)}`],
    ["nested tables", (n) => `${"<table><tr><td>".repeat(n / 30)}${"x".repeat(n / 2)}`],
    ["unclosed attribute", (n) => `<p title='${"x".repeat(n)}`],
    ["broken tags", (n) => `<a "${"<a \"".repeat(n / 4)}`],
    ["lone <", (n) => "<".repeat(n)],
  ]
  const time = (html: string) => {
    let best = Infinity
    for (let i = 0; i < 3; i++) {
      best = Math.min(best, inProcess(() => htmlToText(html)))
    }
    return best
  }
  return cases.map(([label, make]) => {
    const small = time(make(256_000))
    const large = time(make(1_024_000))
    return { input: label, "256 KB ms": small.toFixed(2), "1 MB ms": large.toFixed(2), "growth (4 = linear)": (large / Math.max(small, 0.01)).toFixed(1) }
  })
}

async function main() {
  const sample = sampleNoticeContext(NOW)
  const hostile = hostileCustomer()

  // workers start on first use; started here so the measurements show steady work
  const warmUp = monitorEventLoopDelay({ resolution: 1 })
  warmUp.enable()
  await Promise.all(Array.from({ length: 4 }, () => renderNoticeIsolated(DEFAULT_TEMPLATES, sample)))
  warmUp.disable()

  const results = [
    await measure("hostile: 4,096-char name repeated in {{#each}}", () => renderNoticeIsolated(HOSTILE_NAME, hostile)),
    await measure("hostile: <pre> + 64,000 spaces", () => renderNoticeIsolated(HOSTILE_PRE, hostile)),
    await measure("default template, isolated", () => renderNoticeIsolated(DEFAULT_TEMPLATES, sample)),
    await measure("default template, in the process", async () => renderNotice(DEFAULT_TEMPLATES, sample)),
  ]
  await closeRenderPool()

  console.log(`\ntemplate rendering benchmark: ${COUNT.toLocaleString("en")} notices per row, ${IN_FLIGHT} in flight`)
  console.log(`worker start-up (first renders): longest event-loop stall ${(warmUp.max / 1e6).toFixed(1)} ms`)
  console.table(
    results.map((r) => ({
      renders: r.label,
      seconds: r.seconds.toFixed(2),
      "renders/s": Math.round(r.rate),
      refused: r.refused,
      "max loop delay ms": r.maxDelayMs.toFixed(1),
      "p99 loop delay ms": r.p99DelayMs.toFixed(1),
    }))
  )
  const isolated = results.filter((r) => !r.label.endsWith("in the process"))
  const worst = Math.max(...isolated.map((r) => r.maxDelayMs))
  console.log(`longest event-loop stall through the isolated renderer: ${worst.toFixed(1)} ms (target < ${TARGET_MAX_DELAY_MS} ms): ${worst < TARGET_MAX_DELAY_MS ? "met" : "NOT MET"}`)
  console.log(`default template, isolated / in the process: ${(results[2].rate / results[3].rate).toFixed(2)} of the in-process rate`)

  console.log("\nthe same hostile renders in the process, each blocking the event loop for as long as it runs:")
  console.table([
    { render: "4,096-char name repeated in {{#each}}", ms: inProcess(() => renderNotice(HOSTILE_NAME, hostile)).toFixed(1) },
    { render: "<pre> + 64,000 spaces", ms: inProcess(() => renderNotice(HOSTILE_PRE, hostile)).toFixed(1) },
  ])

  // a render that outruns its budget is stopped by the checks inside it, near the budget
  const runaway = { subject: "x", body_html: "{{#each receivables}}{{#each ../receivables}}{{daysOverdue due_at}}{{/each}}{{/each}}".repeat(500) }
  const context = { ...sample, receivables: worstCaseNoticeContext(NOW).receivables }
  const first = inProcess(() => renderNotice(runaway, context))
  const stopped = inProcess(() => renderNotice(runaway, context))
  console.log(`\na runaway render (nested loops) is stopped after ${stopped.toFixed(0)} ms (budget ${TEMPLATE_LIMITS.renderMs} ms; ${first.toFixed(0)} ms the first time, compiling included)`)

  console.log("\nHTML to text, best of three, growth from 256 KB to 1 MB of input (a notice's HTML is at most 256 KB):")
  console.table(linearGrowth())
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
