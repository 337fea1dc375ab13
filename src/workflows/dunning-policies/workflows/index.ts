export * from "./delete-policy"
export * from "./save-policy"
