import { Badge, Button, Text, toast } from "@medusajs/ui"
import { useRetryNotice } from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { enumLabel, formatMoney } from "../lib/format"
import { plural } from "../lib/i18n"
import type { Notice } from "../lib/types"
import { NoticeFacts } from "./notice-facts"
import { errorMessage } from "./states"

const STATUS_COLOR = { sent: "green", scheduled: "blue", failed: "red", cancelled: "grey" } as const

/** One notice in full: status, channel and attempts, its facts, the last error with "Send again", the invoices covered and both bodies. */
export const NoticeDetail = ({ notice }: { notice: Notice }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  const retry = useRetryNotice()
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="2xsmall" color={STATUS_COLOR[notice.status]}>
          {enumLabel(lang, "noticeStatus", notice.status)}
        </Badge>
        <Badge size="2xsmall">{notice.stage_name}</Badge>
        <Badge size="2xsmall">{enumLabel(lang, "channel", notice.channel)}</Badge>
        <Text size="small" className="text-ui-fg-subtle">
          {plural(lang, "notice.attempts", notice.attempts)}
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
                  onSuccess: () => toast.success(t("notice.sentAgain")),
                  onError: (e) => toast.error(errorMessage(e, t)),
                })
              }
            >
              {t("notice.sendAgain")}
            </Button>
          )}
        </div>
      )}
      <div>
        <Text size="small" weight="plus" className="mb-2">
          {t("notice.invoicesCovered")}
        </Text>
        <ul className="flex flex-col gap-y-1">
          {notice.lines.map((line: any) => (
            <li key={line.id ?? line.number} className="flex justify-between text-sm">
              <span>{line.number}</span>
              <span className="text-ui-fg-subtle">
                {formatMoney(line.outstanding, line.currency_code, locale)} · {plural(lang, "format.daysOverdue", Number(line.days_overdue))}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {notice.body_html && (
        <div>
          <Text size="small" weight="plus" className="mb-2">
            {t("notice.html")}
          </Text>
          <iframe
            title={t("notice.htmlFrame")}
            sandbox=""
            srcDoc={notice.body_html}
            className="h-80 w-full rounded-md border border-ui-border-base bg-white"
          />
        </div>
      )}
      {notice.body_text && (
        <div>
          <Text size="small" weight="plus" className="mb-2">
            {t("notice.text")}
          </Text>
          <pre className="bg-ui-bg-subtle max-h-80 overflow-auto whitespace-pre-wrap rounded-md p-3 text-xs">{notice.body_text}</pre>
        </div>
      )}
    </>
  )
}
