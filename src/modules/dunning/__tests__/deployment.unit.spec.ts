import { deploymentWarnings } from "../domain/deployment"

describe("deployment warnings", () => {
  it("say nothing outside production", () => {
    expect(deploymentWarnings({}, "development")).toEqual([])
  })

  it("name each in-memory module in production", () => {
    const warnings = deploymentWarnings({}, "production")
    expect(warnings).toHaveLength(3)
    expect(warnings[0]).toMatch(/workflow engine is in-memory.*workflow-engine-redis/)
    expect(warnings[1]).toMatch(/locking module uses its in-memory provider/)
    expect(warnings[2]).toMatch(/event bus is local/)
  })

  it("are quiet for a Redis setup", () => {
    expect(
      deploymentWarnings(
        {
          workflows: { resolve: "@medusajs/medusa/workflow-engine-redis" },
          event_bus: { resolve: "@medusajs/medusa/event-bus-redis" },
          locking: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-redis" }] } },
        },
        "production"
      )
    ).toEqual([])
  })

  const redis = {
    workflows: { resolve: "@medusajs/medusa/workflow-engine-redis" },
    event_bus: { resolve: "@medusajs/medusa/event-bus-redis" },
    locking: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-redis" }] } },
  }
  const withSmtp = (options: Record<string, unknown>, resolve = "medusa-plugin-dunning/providers/smtp") => ({
    ...redis,
    notification: {
      resolve: "@medusajs/medusa/notification",
      options: { providers: [{ resolve, id: "dunning-smtp", options: { channels: ["email"], from: "ar@acme.test", ...options } }] },
    },
  })

  it("say in production that an SMTP provider without host writes files instead of e-mailing customers", () => {
    const warnings = deploymentWarnings(withSmtp({ outboxDir: "outbox" }), "production")
    expect(warnings).toEqual([expect.stringMatching(/SMTP notification provider 'dunning-smtp' has no host: notices are written as \.eml files .* never reach customers/)])
    expect(deploymentWarnings(withSmtp({}, "./src/providers/smtp"), "production")).toHaveLength(1)
    expect(deploymentWarnings(withSmtp({ host: "smtp.acme.test", port: 587 }), "production")).toEqual([])
    expect(deploymentWarnings(withSmtp({}), "development")).toEqual([])
    // another provider on the channel is the merchant's business
    expect(deploymentWarnings(withSmtp({}, "@medusajs/medusa/notification-sendgrid"), "production")).toEqual([])
  })
})
