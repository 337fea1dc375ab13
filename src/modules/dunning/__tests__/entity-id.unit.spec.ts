import { entityId } from "../domain/entity-id"

describe("entityId", () => {
  it("makes ULID-shaped ids that sort by creation time and do not repeat", () => {
    const first = entityId("dntc", Date.parse("2026-03-01T00:00:00Z"))
    const later = entityId("dntc", Date.parse("2026-03-02T00:00:00Z"))
    expect(first).toMatch(/^dntc_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(first < later).toBe(true)
    const many = new Set(Array.from({ length: 50_000 }, () => entityId("cevt")))
    expect(many.size).toBe(50_000)
  })
})
