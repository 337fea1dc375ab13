export * from "./reschedule-customer"
export * from "./set-group-terms"
export * from "./upsert-collection-profile"
