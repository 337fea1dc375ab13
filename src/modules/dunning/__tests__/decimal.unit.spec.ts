import { MathBN } from "@medusajs/framework/utils"
import { decimalAdd, decimalCompare, decimalPlaces, decimalSub, decimalText } from "../domain/decimal"

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

  it("reads the exponent forms JavaScript and BigNumber print, exactly and without recursion", () => {
    expect(decimalText(1e21)).toBe("1000000000000000000000")
    expect(decimalText("1.0000000000000000000e+21")).toBe("1000000000000000000000")
    expect(decimalText("5e-7")).toBe("0.0000005")
    expect(decimalText(1.5e-7)).toBe("0.00000015")
    expect(decimalText("-2.5E+3")).toBe("-2500")
    expect(decimalCompare("1.0000000000000000000e+21", "999999999999999999999.99")).toBe(1)
    expect(decimalAdd("1e+21", "0.01")).toBe("1000000000000000000000.01")
  })

  it("refuses what is not an amount with an error, never a stack overflow", () => {
    for (const bad of ["NaN", "Infinity", "abc", "", ".", "1e999999", "12,50", "1.2.3", "0x10", "9".repeat(101), NaN, Infinity, -Infinity]) {
      expect(() => decimalCompare(bad as string | number, "0")).toThrow(/not a decimal amount/)
    }
    expect(() => decimalText(null as unknown as string)).toThrow(/not a decimal amount/)
  })

  it("counts the decimals an amount has, trailing zeros aside", () => {
    expect(decimalPlaces("100.004")).toBe(3)
    expect(decimalPlaces("100.50")).toBe(1)
    expect(decimalPlaces("1000.0")).toBe(0)
    expect(decimalPlaces(1e-10)).toBe(10)
    expect(decimalPlaces(0.1 + 0.2)).toBe(17)
  })
})
