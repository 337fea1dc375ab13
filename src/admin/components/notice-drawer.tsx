import { Badge, Button, Drawer, Text, toast } from "@medusajs/ui"
import { useNotice, useRetryNotice } from "../hooks/api/customer-collections"
import { formatDateTime, formatMoney, humanize } from "../lib/format"
import type { Notice } from "../lib/types"
import { ErrorState, LoadingRows, errorMessage } from "./states"

const STATUS_COLOR = { sent: "green", scheduled: "blue", failed: "red", cancelled: "grey" } as const

/** Exactly what was sent: subject, recipients, both bodies, invoices covered, status and attempts. */
export const NoticeDrawer = ({ noticeId, onClose }: { noticeId: string | null; onClose: () => void }) => {
  const { data, isLoading, error, refetch } = useNotice(noticeId)
  const retry = useRetryNotice()
  const notice = data?.notice
  return (
    <Drawer open={!!noticeId} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content aria-describedby={undefined} className="max-w-2xl">
        <Drawer.Header>
          <Drawer.Title>Notice</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto" data-testid="notice-detail">
          {isLoading && <LoadingRows rows={6} />}
          {error && <ErrorState error={error} onRetry={() => refetch()} />}
          {notice && (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <Badge size="2xsmall" color={STATUS_COLOR[notice.status]}>
                  {humanize(notice.status)}
                </Badge>
                <Badge size="2xsmall">{notice.stage_name}</Badge>
                <Badge size="2xsmall">{humanize(notice.channel)}</Badge>
                <Text size="small" className="text-ui-fg-subtle">
                  {notice.attempts} {notice.attempts === 1 ? "attempt" : "attempts"}
                </Text>
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <Term label="To" value={notice.recipients.to.join(", ") || "–"} />
                {notice.recipients.cc.length > 0 && <Term label="CC" value={notice.recipients.cc.join(", ")} />}
                {notice.recipients.bcc.length > 0 && <Term label="BCC" value={notice.recipients.bcc.join(", ")} />}
                {notice.recipients.reply_to && <Term label="Reply-To" value={notice.recipients.reply_to} />}
                <Term label="Scheduled" value={formatDateTime(notice.scheduled_for)} />
                {notice.sent_at && <Term label="Sent" value={formatDateTime(notice.sent_at)} />}
                {notice.failed_at && <Term label="Failed" value={formatDateTime(notice.failed_at)} />}
                {notice.cancelled_at && <Term label="Cancelled" value={`${formatDateTime(notice.cancelled_at)} (${notice.cancel_reason ?? ""})`} />}
                <Term label="Subject" value={notice.subject ?? "rendered when it is sent"} />
                {notice.on_request && <Term label="On request" value={onRequestText(notice.on_request)} />}
                {!!notice.folds?.length && (
                  <Term
                    label="Folded in"
                    value={notice.folds
                      .map((f) => `${formatDateTime(f.at)}: ${f.receivable_ids.length} due again${f.added_ids.length ? `, ${f.added_ids.length} added` : ""} ("${f.stage_name}")`)
                      .join("; ")}
                  />
                )}
              </dl>
              {notice.last_error && (
                <div className="flex items-center justify-between gap-x-2">
                  <Text size="small" className="text-ui-fg-error">
                    {notice.last_error}
                  </Text>
                  {notice.status === "failed" && (
                    <Button
                      size="small"
                      variant="secondary"
                      isLoading={retry.isPending}
                      onClick={() =>
                        retry.mutate(notice.id, {
                          onSuccess: () => toast.success("Notice sent again"),
                          onError: (e) => toast.error(errorMessage(e)),
                        })
                      }
                    >
                      Send again
                    </Button>
                  )}
                </div>
              )}
              <div>
                <Text size="small" weight="plus" className="mb-2">
                  Invoices covered
                </Text>
                <ul className="flex flex-col gap-y-1">
                  {notice.lines.map((line: any) => (
                    <li key={line.id ?? line.number} className="flex justify-between text-sm">
                      <span>{line.number}</span>
                      <span className="text-ui-fg-subtle">
                        {formatMoney(line.outstanding, line.currency_code)} · {line.days_overdue} days overdue
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
              {notice.body_html && (
                <div>
                  <Text size="small" weight="plus" className="mb-2">
                    HTML
                  </Text>
                  <iframe
                    title="Notice HTML"
                    sandbox=""
                    srcDoc={notice.body_html}
                    className="h-80 w-full rounded-md border border-ui-border-base bg-white"
                  />
                </div>
              )}
              {notice.body_text && (
                <div>
                  <Text size="small" weight="plus" className="mb-2">
                    Text
                  </Text>
                  <pre className="bg-ui-bg-subtle max-h-80 overflow-auto whitespace-pre-wrap rounded-md p-3 text-xs">{notice.body_text}</pre>
                </div>
              )}
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

/** "by Avery Admin, outside the send window and over the contact cap" */
const onRequestText = (request: NonNullable<Notice["on_request"]>) => {
  const passed = request.bypassed.map((b) => (b === "send_window" ? "outside the send window" : "over the contact cap"))
  return `by ${request.name ?? "an admin"}${passed.length ? `, ${passed.join(" and ")}` : ""}`
}

const Term = ({ label, value }: { label: string; value: string }) => (
  <>
    <dt className="text-ui-fg-subtle">{label}</dt>
    <dd className="break-all">{value}</dd>
  </>
)
