export * from "./change-credit-hold-by-hand"
export * from "./flag-order-on-credit-hold"
export * from "./refresh-credit-holds"
