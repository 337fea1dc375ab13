export * from "./prepare-customer-answer"
export * from "./prepare-customer-payment"
export * from "./revoke-collection-links"
export * from "./tag-payment-collection"
