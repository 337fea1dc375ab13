export { invoicePdf, invoicePdfFilename, type InvoiceInput, type InvoiceOrder } from "./invoice"
export { statementPdf, statementPdfFilename, type StatementInput, type StatementInvoice } from "./statement"
export type { DocumentParty, DocumentSetting } from "./common"
export { DEFAULT_MAX_DOCUMENT_BYTES } from "./pdf"
