// The module's internal services, one per responsibility. Medusa registers each class exported by a file
// of this folder in the module's container under its camelCase name (`LedgerService` → `ledgerService`),
// where the main service resolves it; nothing outside the module reaches them. A name must not be that of
// a model's generated service (`dunningRunService`, `dunningLeaseService`, ...), which it would replace, and
// these files export only their class (and types): helpers live in the sub-folders, the common base in
// `../internal-service.ts`, since every function exported here would be registered too.
export * from "./analytics"
export * from "./credit-standing"
export * from "./delivery-queue"
export * from "./dunning-run"
export * from "./holds"
export * from "./leases"
export * from "./ledger"
export * from "./policies"
export * from "./risk"
export * from "./self-service"
