export * from "./run-dunning"
export * from "./run-dunning-in-background"
