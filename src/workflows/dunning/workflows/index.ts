export * from "./run-dunning"
