export * from "./finish-run"
export * from "./process-due-receivables"
export * from "./start-run"
