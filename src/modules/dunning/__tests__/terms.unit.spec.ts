import { dueDateFor, resolveTermsDays } from "../domain/terms"

describe("resolveTermsDays", () => {
  it("uses the customer's own terms first, even when they are 0 (cash on delivery)", () => {
    expect(resolveTermsDays({ profileTermsDays: 0, groupTermsDays: [60], defaultTermsDays: 30 })).toBe(0)
    expect(resolveTermsDays({ profileTermsDays: 45, groupTermsDays: [60], defaultTermsDays: 30 })).toBe(45)
  })

  it("falls back to the longest terms of the customer's groups", () => {
    expect(resolveTermsDays({ profileTermsDays: null, groupTermsDays: [14, 60, null], defaultTermsDays: 30 })).toBe(60)
  })

  it("falls back to the plugin default when nothing else names terms", () => {
    expect(resolveTermsDays({ groupTermsDays: [], defaultTermsDays: 30 })).toBe(30)
    expect(resolveTermsDays({ defaultTermsDays: 7 })).toBe(7)
  })
})

describe("dueDateFor", () => {
  it("adds whole days to the issue instant", () => {
    const issued = new Date("2026-01-31T10:15:00.000Z")
    expect(dueDateFor(issued, 30).toISOString()).toBe("2026-03-02T10:15:00.000Z")
    expect(dueDateFor(issued, 0).toISOString()).toBe(issued.toISOString())
  })

  it("crosses a leap day", () => {
    expect(dueDateFor(new Date("2028-02-28T00:00:00Z"), 1).toISOString()).toBe("2028-02-29T00:00:00.000Z")
  })
})
