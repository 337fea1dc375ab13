export * from "./deliver-due-notices"
