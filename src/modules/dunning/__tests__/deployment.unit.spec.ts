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
})
