export * from "./follow-changed-orders"
export * from "./reconcile"
