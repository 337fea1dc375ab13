export * from "./delete-policy"
export * from "./save-policy"
export * from "./validate-policy"
