import { MathBN } from "@medusajs/framework/utils"
import { decimalAdd, decimalCompare, decimalSub, decimalText } from "../domain/decimal"

describe("decimal money arithmetic", () => {
  it("adds and subtracts exactly where floats drift", () => {
    expect(decimalAdd("0.1", "0.2")).toBe("0.3")
    expect(decimalSub("100.3", "0.1")).toBe("100.2")
    expect(decimalSub("10", "10.00")).toBe("0")
    expect(decimalSub("5", "7.25")).toBe("-2.25")
    expect(decimalAdd("-0.5", "0.5")).toBe("0")
    expect(decimalText("100.50")).toBe("100.5")
    expect(decimalAdd(1250.5, "0.25")).toBe("1250.75")
  })

  it("compares amounts of different scales", () => {
    expect(decimalCompare("1.10", "1.1")).toBe(0)
    expect(decimalCompare("0.001", "0")).toBe(1)
    expect(decimalCompare("-1", "0")).toBe(-1)
  })

  it("agrees with Medusa's BigNumber on random amounts (property)", () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const amount = () => `${Math.floor(random() * 1e9)}.${String(Math.floor(random() * 1e4)).padStart(4, "0")}`
    for (let i = 0; i < 2000; i++) {
      const a = amount()
      const b = amount()
      expect(decimalSub(a, b)).toBe(MathBN.sub(a, b).toString())
      expect(decimalAdd(a, b)).toBe(MathBN.add(a, b).toString())
      expect(decimalCompare(a, b)).toBe(MathBN.gt(a, b) ? 1 : MathBN.lt(a, b) ? -1 : 0)
    }
  })
})
