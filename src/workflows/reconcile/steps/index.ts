export * from "./reconcile"
