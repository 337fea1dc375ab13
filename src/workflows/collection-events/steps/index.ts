export * from "./apply-event-holds"
export * from "./create-collection-events"
export * from "./update-collection-event"
