import { parseDunningOptions } from "../options"

describe("plugin options", () => {
  it("fills in the defaults", () => {
    expect(parseDunningOptions(undefined)).toEqual({
      defaultTermsDays: 30,
      schedule: "*/15 * * * *",
      allowTimeTravel: false,
      runConcurrency: 2,
      createReceivablesFromOrders: true,
      delivery: {
        emailChannel: "email",
        afterRun: true,
        schedule: "* * * * *",
        maxAttempts: 8,
        retryBaseSeconds: 60,
        retryMaxSeconds: 21600,
        giveUpAfterHours: 72,
        batchSize: 100,
        concurrency: 5,
        leaseSeconds: 300,
        attachStatementCsv: true,
      },
    })
    expect(parseDunningOptions({ delivery: { maxAttempts: 3 } }).delivery).toMatchObject({ maxAttempts: 3, retryBaseSeconds: 60 })
    expect(() => parseDunningOptions({ delivery: { maxAtempts: 3 } })).toThrow(/maxAtempts/)
  })

  it("accepts every documented option", () => {
    const options = parseDunningOptions({
      defaultTermsDays: 45,
      schedule: "0 * * * *",
      paymentUrlTemplate: "https://shop.example/pay/{{receivable.id}}",
      allowTimeTravel: true,
      createReceivablesFromOrders: false,
      runConcurrency: 4,
    })
    expect(options.defaultTermsDays).toBe(45)
    expect(options.runConcurrency).toBe(4)
    expect(() => parseDunningOptions({ runConcurrency: 0 })).toThrow(/runConcurrency/)
    expect(options.paymentUrlTemplate).toBe("https://shop.example/pay/{{receivable.id}}")
  })

  it("names the option that is wrong", () => {
    expect(() => parseDunningOptions({ defaultTermsDays: -1 })).toThrow(/defaultTermsDays/)
    expect(() => parseDunningOptions({ defaultTermsDays: "30" })).toThrow(/defaultTermsDays/)
    expect(() => parseDunningOptions({ schedule: "every hour" })).toThrow(/schedule.*cron/)
    expect(() => parseDunningOptions({ allowTimeTravel: "yes" })).toThrow(/allowTimeTravel/)
  })

  it("refuses unknown options so that a typo is not silently ignored", () => {
    expect(() => parseDunningOptions({ defaultTermDays: 10 })).toThrow(/unknown option.*defaultTermDays/)
  })
})
