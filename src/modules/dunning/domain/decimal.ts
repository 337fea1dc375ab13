/**
 * Exact arithmetic on money as decimal strings ("1250.5", "-3.20"), through BigInt fixed point. The
 * run adds and compares thousands of amounts per batch; this is as exact as Medusa's BigNumber and an
 * order of magnitude cheaper.
 *
 * Reading is strict and bounded, because it also reads what is already stored: a plain decimal, or the
 * exponent form JavaScript and BigNumber print for very large and very small numbers ("1e+21",
 * "1.0000000000000000000e+21", "5e-7"), read exactly. Anything else (a word, "NaN", "Infinity", an
 * exponent beyond any sum of money, a text longer than any amount) is refused with an error naming the
 * value, so a bad row fails the one thing that reads it instead of taking a run or a delivery down.
 */
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/

/** Powers of ten beyond this are not money: 10^21 is already a billion times the largest invoice. */
const MAX_EXPONENT = 64
const MAX_TEXT_LENGTH = 100

type Fixed = { units: bigint; scale: number }

export class DecimalError extends Error {
  constructor(value: unknown) {
    const text = String(value)
    super(`not a decimal amount: '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`)
    this.name = "DecimalError"
  }
}

function parse(value: string | number): Fixed {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new DecimalError(value)
  }
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : ""
  const match = text.length <= MAX_TEXT_LENGTH ? DECIMAL.exec(text) : null
  if (!match || !(match[2] || match[3])) {
    throw new DecimalError(value)
  }
  const [, sign, whole = "", fraction = "", exponentText] = match
  const exponent = exponentText ? Number(exponentText) : 0
  if (Math.abs(exponent) > MAX_EXPONENT) {
    throw new DecimalError(value)
  }
  let units = BigInt(`${whole}${fraction}` || "0")
  let scale = fraction.length - exponent
  if (scale < 0) {
    units *= 10n ** BigInt(-scale)
    scale = 0
  }
  return { units: sign === "-" ? -units : units, scale }
}

function align(a: string | number, b: string | number): [bigint, bigint, number] {
  const x = parse(a)
  const y = parse(b)
  const scale = Math.max(x.scale, y.scale)
  return [x.units * 10n ** BigInt(scale - x.scale), y.units * 10n ** BigInt(scale - y.scale), scale]
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0")
  let text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  if (scale) {
    text = text.replace(/0+$/, "").replace(/\.$/, "")
  }
  return negative && text !== "0" ? `-${text}` : text
}

export function decimalAdd(a: string | number, b: string | number): string {
  const [x, y, scale] = align(a, b)
  return format(x + y, scale)
}

export function decimalSub(a: string | number, b: string | number): string {
  const [x, y, scale] = align(a, b)
  return format(x - y, scale)
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function decimalCompare(a: string | number, b: string | number): -1 | 0 | 1 {
  const [x, y] = align(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The canonical text of an amount ("100.50" → "100.5", 1e21 → "1000000000000000000000"). */
export function decimalText(a: string | number): string {
  const { units, scale } = parse(a)
  return format(units, scale)
}

/** How many digits an amount has after the decimal point, trailing zeros aside ("100.50" → 1). */
export function decimalPlaces(a: string | number): number {
  const text = decimalText(a)
  const point = text.indexOf(".")
  return point < 0 ? 0 : text.length - point - 1
}
