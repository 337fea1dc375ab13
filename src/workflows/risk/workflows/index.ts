export * from "./refresh-risk-scores"
