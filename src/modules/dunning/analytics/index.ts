export { computeAging, agingBuckets, DEFAULT_BUCKET_BOUNDS } from "./aging"
export { computeKpis, KPI_FORMULAS } from "./kpis"
export { computeCollectionSummary, SUMMARY_FORMULAS } from "./summary"
export type * from "./types"
