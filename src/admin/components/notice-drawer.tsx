import { Drawer, Text } from "@medusajs/ui"
import { useNotice } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import type { Notice } from "../lib/types"
import { NoticeDetail } from "./notice-detail"
import { PdfDownload } from "./pdf-download"
import { ErrorState, LoadingRows } from "./states"

/** At most this many invoices of a notice get a download button of their own; the statement lists them all. */
const INVOICE_BUTTONS = 10

/** The documents of a notice: the customer's statement of account and the invoices it covers, or an invoice e-mail's invoice. */
const NoticeDocuments = ({ notice }: { notice: Notice }) => {
  const { t } = useLanguage()
  if (notice.kind === "invoice") {
    // an invoice e-mail carries the invoice's PDF and lists no lines
    return (
      <div className="flex flex-wrap items-center gap-2" data-testid="notice-documents">
        {notice.receivable_ids.map((id) => (
          <PdfDownload key={id} path={`/admin/dunning/receivables/${id}/document`} label={t("documents.invoicePdf")} testId="notice-invoice-pdf" />
        ))}
      </div>
    )
  }
  const lines = notice.lines.filter((line: any) => typeof line.id === "string").slice(0, INVOICE_BUTTONS)
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="notice-documents">
      <PdfDownload path={`/admin/customers/${notice.customer_id}/statement.pdf`} label={t("documents.statementPdf")} testId="notice-statement-pdf" />
      {lines.map((line: any) => (
        <PdfDownload key={line.id} path={`/admin/dunning/receivables/${line.id}/document`} label={`${t("documents.invoicePdf")} ${line.number}`} />
      ))}
      {notice.lines.length > lines.length && (
        <Text size="small" className="text-ui-fg-subtle">
          …
        </Text>
      )}
    </div>
  )
}

/** Exactly what was sent (a reminder, or the invoice e-mailed at issue): subject, recipients, both bodies, invoices covered, status and attempts. */
export const NoticeDrawer = ({ noticeId, onClose }: { noticeId: string | null; onClose: () => void }) => {
  const { t } = useLanguage()
  const { data, isLoading, error, refetch } = useNotice(noticeId)
  const notice = data?.notice
  return (
    <Drawer open={!!noticeId} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content aria-describedby={undefined} className="max-w-2xl">
        <Drawer.Header>
          <Drawer.Title>{t(notice?.kind === "invoice" ? "notice.invoiceTitle" : "notice.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto" data-testid="notice-detail">
          {isLoading && <LoadingRows rows={6} />}
          {error && <ErrorState error={error} onRetry={() => refetch()} />}
          {notice && <NoticeDocuments notice={notice} />}
          {notice && <NoticeDetail notice={notice} />}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
