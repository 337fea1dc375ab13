import { Drawer } from "@medusajs/ui"
import { useNotice } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { NoticeDetail } from "./notice-detail"
import { ErrorState, LoadingRows } from "./states"

/** Exactly what was sent: subject, recipients, both bodies, invoices covered, status and attempts. */
export const NoticeDrawer = ({ noticeId, onClose }: { noticeId: string | null; onClose: () => void }) => {
  const { t } = useLanguage()
  const { data, isLoading, error, refetch } = useNotice(noticeId)
  const notice = data?.notice
  return (
    <Drawer open={!!noticeId} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content aria-describedby={undefined} className="max-w-2xl">
        <Drawer.Header>
          <Drawer.Title>{t("notice.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto" data-testid="notice-detail">
          {isLoading && <LoadingRows rows={6} />}
          {error && <ErrorState error={error} onRetry={() => refetch()} />}
          {notice && <NoticeDetail notice={notice} />}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
