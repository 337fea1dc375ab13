export * from "./pay-receivable"
export * from "./receivable-payment-collection"
export * from "./record-customer-answer"
export * from "./revoke-collection-links"
/** The key the collection page records an answer under, and the fingerprint that names a link in logs and stored notices. */
export { answerKey, tokenFingerprint } from "../../../modules/dunning/domain/collection-link"
