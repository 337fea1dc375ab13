export * from "./prepare-order-receivable"
export * from "./revise-receivable"
export * from "./upsert-receivables"
export * from "./validate-receivable-rows"
