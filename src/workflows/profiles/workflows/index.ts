export * from "./set-group-terms"
export * from "./upsert-collection-profile"
