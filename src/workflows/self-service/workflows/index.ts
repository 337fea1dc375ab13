export * from "./pay-receivable"
export * from "./receivable-payment-collection"
export * from "./record-customer-answer"
export * from "./revoke-collection-links"
