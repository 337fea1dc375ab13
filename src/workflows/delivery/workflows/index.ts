export * from "./deliver-notices"
