export * from "./apply-payments"
export * from "./sync-order-payments"
