import { formatDateTime } from "../lib/format"
import type { Notice } from "../lib/types"

/** Who a notice went to, when it was scheduled, sent, failed or cancelled, its subject, who asked for it and what was folded into it. */
export const NoticeFacts = ({ notice }: { notice: Notice }) => (
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
)

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
