import { parseDunningOptions } from "../options"

describe("plugin options", () => {
  it("fills in the defaults", () => {
    expect(parseDunningOptions(undefined)).toEqual({
      defaultTermsDays: 30,
      schedule: "*/15 * * * *",
      allowTimeTravel: false,
      runConcurrency: 2,
      createReceivablesFromOrders: true,
      defaultLanguage: "en",
      selfService: { linkTtlDays: 30, promiseMaxDays: 30, paymentProviders: [], rateLimit: { windowSeconds: 60, perLink: 60, perAddress: 300, trackedKeys: 10000 } },
      terms: { paymentProviders: ["pp_system_default"], customers: "with_terms", startAt: "order" },
      creditHold: { enforce: true, blockAllOrders: false },
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
        fallbackToCustomerEmail: false,
      },
    })
    expect(parseDunningOptions({ delivery: { maxAttempts: 3 } }).delivery).toMatchObject({ maxAttempts: 3, retryBaseSeconds: 60 })
    expect(() => parseDunningOptions({ delivery: { maxAtempts: 3 } })).toThrow(/maxAtempts/)
  })

  it("reads what a credit hold stops, and refuses what it does not know", () => {
    expect(parseDunningOptions({ creditHold: { blockAllOrders: true } }).creditHold).toEqual({ enforce: true, blockAllOrders: true })
    expect(parseDunningOptions({ creditHold: { enforce: false } }).creditHold).toEqual({ enforce: false, blockAllOrders: false })
    expect(() => parseDunningOptions({ creditHold: { blockAll: true } })).toThrow(/'creditHold\.blockAll'/)
    expect(() => parseDunningOptions({ creditHold: { enforce: "yes" } })).toThrow(/'creditHold\.enforce'/)
  })

  it("takes the store's language as a language tag, and refuses anything else naming the option", () => {
    expect(parseDunningOptions({ defaultLanguage: "fr-CH" }).defaultLanguage).toBe("fr-CH")
    expect(() => parseDunningOptions({ defaultLanguage: "français" })).toThrow(/'defaultLanguage' must be a language tag/)
    expect(() => parseDunningOptions({ defaultLanguage: "" })).toThrow(/'defaultLanguage'/)
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

  it("takes which orders are on terms and when terms start, and names a wrong one with its path", () => {
    const options = parseDunningOptions({
      terms: { paymentProviders: ["pp_system_default", "pp_invoice_invoice"], customers: "all", startAt: "delivery" },
      delivery: { fallbackToCustomerEmail: true },
    })
    expect(options.terms).toEqual({ paymentProviders: ["pp_system_default", "pp_invoice_invoice"], customers: "all", startAt: "delivery" })
    expect(options.delivery.fallbackToCustomerEmail).toBe(true)
    expect(parseDunningOptions({ terms: { startAt: "shipment" } }).terms).toEqual({
      paymentProviders: ["pp_system_default"],
      customers: "with_terms",
      startAt: "shipment",
    })
    expect(() => parseDunningOptions({ terms: { startAt: "invoice" } })).toThrow(/'terms\.startAt'.*"order"\|"shipment"\|"delivery"/)
    expect(() => parseDunningOptions({ terms: { customers: "some" } })).toThrow(/'terms\.customers'/)
    expect(() => parseDunningOptions({ terms: { paymentProviders: ["stripe"] } })).toThrow(/'terms\.paymentProviders\.0' must be Medusa payment provider ids/)
    expect(() => parseDunningOptions({ terms: { paymentProviders: "pp_system_default" } })).toThrow(/'terms\.paymentProviders'/)
    expect(() => parseDunningOptions({ terms: { startsAt: "shipment" } })).toThrow(/unknown option\(s\) 'terms\.startsAt'/)
    expect(() => parseDunningOptions({ delivery: { fallbackToCustomerEmail: "yes" } })).toThrow(/'delivery\.fallbackToCustomerEmail'/)
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
