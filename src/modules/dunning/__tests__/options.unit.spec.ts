import { parseDunningOptions } from "../options"

describe("plugin options", () => {
  it("fills in the defaults", () => {
    expect(parseDunningOptions(undefined)).toEqual({
      defaultTermsDays: 30,
      schedule: "*/15 * * * *",
      allowTimeTravel: false,
      scheduledJobs: true,
      runConcurrency: 2,
      createReceivablesFromOrders: true,
      defaultLanguage: "en",
      selfService: { linkTtlDays: 30, promiseMaxDays: 30, paymentProviders: [], rateLimit: { windowSeconds: 60, perLink: 60, perAddress: 300, trackedKeys: 10000 } },
      terms: { paymentProviders: ["pp_system_default"], customers: "with_terms", startAt: "order" },
      creditHold: { enforce: true, blockAllOrders: false },
      risk: {
        schedule: "40 2 * * *",
        batchSize: 2000,
        minSettledInvoices: 3,
        bands: { medium: 35, high: 65 },
        weights: { daysLate: 25, onTime: 15, brokenPromises: 15, disputes: 10, overdue: 20, bouncedContacts: 5, trend: 10 },
        fullAt: { daysLate: 30, brokenPromises: 2, disputes: 3, overdueMonths: 2, bouncedContacts: 3, trendDays: 15 },
      },
      documents: { maxAttachmentBytes: 5242880 },
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

  it("reads the risk score's weights and bands, and refuses what cannot be scored", () => {
    const risk = parseDunningOptions({ risk: { weights: { trend: 0 }, bands: { high: 80 } } }).risk
    expect(risk.weights).toMatchObject({ trend: 0, daysLate: 25 })
    expect(risk.bands).toEqual({ medium: 35, high: 80 })
    expect(() => parseDunningOptions({ risk: { bands: { medium: 70, high: 60 } } })).toThrow(/'risk\.bands\.medium' medium must not be above high/)
    const zero = { daysLate: 0, onTime: 0, brokenPromises: 0, disputes: 0, overdue: 0, bouncedContacts: 0, trend: 0 }
    expect(() => parseDunningOptions({ risk: { weights: zero } })).toThrow(/'risk\.weights' at least one weight/)
    expect(() => parseDunningOptions({ risk: { weights: { lateness: 5 } } })).toThrow(/'risk\.weights\.lateness'/)
    expect(() => parseDunningOptions({ risk: { fullAt: { brokenPromises: 0 } } })).toThrow(/'risk\.fullAt\.brokenPromises'/)
    expect(() => parseDunningOptions({ risk: { schedule: "nightly" } })).toThrow(/'risk\.schedule' must be a cron expression/)
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
