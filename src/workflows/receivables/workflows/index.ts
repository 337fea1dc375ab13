export * from "./create-receivable-from-order"
export * from "./update-receivable"
export * from "./upsert-receivables"
