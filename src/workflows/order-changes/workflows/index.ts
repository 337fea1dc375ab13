export * from "./follow-orders"
