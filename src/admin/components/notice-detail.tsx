import { Badge, Button, Text, toast } from "@medusajs/ui"
import { useRetryNotice } from "../hooks/api/customer-collections"
import { formatMoney, humanize } from "../lib/format"
import type { Notice } from "../lib/types"
import { NoticeFacts } from "./notice-facts"
import { errorMessage } from "./states"

const STATUS_COLOR = { sent: "green", scheduled: "blue", failed: "red", cancelled: "grey" } as const

/** One notice in full: status, channel and attempts, its facts, the last error with "Send again", the invoices covered and both bodies. */
export const NoticeDetail = ({ notice }: { notice: Notice }) => {
  const retry = useRetryNotice()
  return (
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
      <NoticeFacts notice={notice} />
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
  )
}
