export * from "./read-order-standings"
export * from "./record-order-change-events"
export * from "./revise-order-amounts"
export * from "./set-order-change-holds"
