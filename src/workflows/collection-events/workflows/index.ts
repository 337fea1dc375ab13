export * from "./create-collection-events"
export * from "./update-collection-event"
