export * from "./create-receivable-from-order"
export * from "./start-receivable-terms"
export * from "./update-receivable"
export * from "./upsert-receivables"
