import { jsonbRows, textArray } from "../sql"

const decode = (b: Buffer) => {
  expect(b[0]).toBe(1) // jsonb binary format, version 1
  return JSON.parse(b.subarray(1).toString("utf8"))
}

describe("jsonbRows", () => {
  it("writes the rows as one JSON array in PostgreSQL's binary jsonb format", () => {
    const rows = [
      { id: "dntc_1", note: "Müller & Söhne GmbH — 1 200,00 €", lines: [{ id: "rcv_1", due: "2026-11-01" }] },
      { id: "dntc_2", note: null, quote: 'a "quoted" \\ value\n' },
    ]
    expect(decode(jsonbRows(rows))).toEqual(rows)
  })

  it("grows past the size guessed from the first row", () => {
    const rows = [{ id: 1 }, ...Array.from({ length: 50 }, (_, i) => ({ id: i + 2, text: "x".repeat(5000 + i) }))]
    expect(decode(jsonbRows(rows))).toEqual(rows)
  })

  it("writes an empty array for no rows", () => {
    expect(decode(jsonbRows([]))).toEqual([])
  })
})

describe("textArray", () => {
  it("quotes ids and escapes quotes and backslashes", () => {
    expect(textArray(["cus_1", 'a"b', "c\\d"])).toBe('{"cus_1","a\\"b","c\\\\d"}')
  })
})
