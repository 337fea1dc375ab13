export * from "./score-all-customers"
export * from "./score-customers"
