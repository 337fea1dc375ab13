import { scheduledJobConfig } from "../job-config"
import { parseDunningOptions } from "../options"

describe("scheduledJobConfig", () => {
  it("takes the job's cron expression from the options and lets it run without limit by default", () => {
    const options = parseDunningOptions({ schedule: "*/5 * * * *", delivery: { schedule: "*/2 * * * *" } })
    expect(options.scheduledJobs).toBe(true)
    expect(scheduledJobConfig("dunning-run", (o) => o.schedule, options)).toEqual({ name: "dunning-run", schedule: "*/5 * * * *" })
    expect(scheduledJobConfig("dunning-deliver", (o) => o.delivery.schedule, options)).toEqual({ name: "dunning-deliver", schedule: "*/2 * * * *" })
    expect(scheduledJobConfig("dunning-reconcile", "17 * * * *", options)).toEqual({ name: "dunning-reconcile", schedule: "17 * * * *" })
  })

  it("registers the job with no executions when scheduledJobs is off", () => {
    const options = parseDunningOptions({ scheduledJobs: false })
    expect(scheduledJobConfig("dunning-risk", (o) => o.risk.schedule, options)).toEqual({
      name: "dunning-risk",
      schedule: "40 2 * * *",
      numberOfExecutions: 0,
    })
  })

  it("refuses a scheduledJobs that is not a boolean", () => {
    expect(() => parseDunningOptions({ scheduledJobs: "no" })).toThrow(/scheduledJobs/)
  })
})
