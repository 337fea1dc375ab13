import { parseDunningOptions } from "../options"
import { collectionPageBaseUrl, selfServiceEnabled } from "../self-service-options"

const SECRET = "0123456789abcdef0123456789abcdef"

describe("the collection page's options", () => {
  it("leave the page off without a secret, and turn it on with one", () => {
    expect(selfServiceEnabled(parseDunningOptions({}))).toBe(false)
    expect(selfServiceEnabled(parseDunningOptions({ selfService: { secret: SECRET } }))).toBe(true)
    expect(selfServiceEnabled(parseDunningOptions({ selfService: { secret: SECRET, enabled: false } }))).toBe(false)
  })

  it("refuse to start with the page on and a secret shorter than 32 characters, or none", () => {
    expect(() => parseDunningOptions({ selfService: { secret: SECRET.slice(1) } })).toThrow(/'selfService\.secret' must be at least 32 characters when the collection page is enabled/)
    expect(() => parseDunningOptions({ selfService: { enabled: true } })).toThrow(/'selfService\.secret' is required when the collection page is enabled/)
    // off, a short secret does no harm
    expect(() => parseDunningOptions({ selfService: { enabled: false, secret: "short" } })).not.toThrow()
  })

  it("take every documented setting, and name a wrong one", () => {
    const options = parseDunningOptions({
      selfService: {
        secret: SECRET,
        baseUrl: "https://api.shop.example/",
        linkTtlDays: 14,
        promiseMaxDays: 45,
        paymentProviders: ["pp_system_default", "pp_stripe_stripe"],
        rateLimit: { windowSeconds: 30, perLink: 20, perAddress: 100, trackedKeys: 5000 },
      },
    })
    expect(options.selfService).toMatchObject({ linkTtlDays: 14, promiseMaxDays: 45, paymentProviders: ["pp_system_default", "pp_stripe_stripe"] })
    expect(options.selfService.rateLimit).toEqual({ windowSeconds: 30, perLink: 20, perAddress: 100, trackedKeys: 5000 })
    expect(collectionPageBaseUrl(options, undefined, "9000")).toBe("https://api.shop.example")
    expect(() => parseDunningOptions({ selfService: { secret: SECRET, linkTtlDays: 0 } })).toThrow(/'selfService\.linkTtlDays'/)
    expect(() => parseDunningOptions({ selfService: { secret: SECRET, paymentProviders: ["stripe"] } })).toThrow(/'selfService\.paymentProviders\.0'/)
    expect(() => parseDunningOptions({ selfService: { secret: SECRET, baseUrl: "api.shop.example" } })).toThrow(/'selfService\.baseUrl' must be an http\(s\) URL/)
    expect(() => parseDunningOptions({ selfService: { secret: SECRET, rateLimit: { perMinute: 5 } } })).toThrow(/perMinute/)
  })

  it("point links at the backend's public URL when no base URL is set, else at this server", () => {
    const options = parseDunningOptions({ selfService: { secret: SECRET } })
    expect(collectionPageBaseUrl(options, "https://backend.shop.example", "9000")).toBe("https://backend.shop.example")
    expect(collectionPageBaseUrl(options, undefined, "7001")).toBe("http://localhost:7001")
    expect(collectionPageBaseUrl(options, undefined, "not a port")).toBe("http://localhost:9000")
  })
})
