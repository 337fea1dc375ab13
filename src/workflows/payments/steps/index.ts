export * from "./book-ledger-entries"
export * from "./cancel-settled-notices"
export * from "./collect-order-ledger-entries"
export * from "./record-ledger-events"
