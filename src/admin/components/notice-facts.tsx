import { useLanguage } from "../hooks/use-language"
import { formatDateTime } from "../lib/format"
import { formatList, plural, type Language } from "../lib/i18n"
import type { Notice } from "../lib/types"

/** Who the notice went to, when it was scheduled, sent, failed or cancelled, its subject, what kind of notice it is (a reminder or the invoice e-mail), who asked for it and what was folded into it. */
export const NoticeFacts = ({ notice }: { notice: Notice }) => {
  const lang = useLanguage()
  const { t, locale } = lang
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <Term label={t("notice.facts.to")} value={notice.recipients.to.join(", ") || "–"} />
      {notice.recipients.cc.length > 0 && <Term label={t("notice.facts.cc")} value={notice.recipients.cc.join(", ")} />}
      {notice.recipients.bcc.length > 0 && <Term label={t("notice.facts.bcc")} value={notice.recipients.bcc.join(", ")} />}
      {notice.recipients.reply_to && <Term label={t("notice.facts.replyTo")} value={notice.recipients.reply_to} />}
      <Term label={t("notice.facts.scheduled")} value={formatDateTime(notice.scheduled_for, locale)} />
      {notice.sent_at && <Term label={t("notice.facts.sent")} value={formatDateTime(notice.sent_at, locale)} />}
      {notice.failed_at && <Term label={t("notice.facts.failed")} value={formatDateTime(notice.failed_at, locale)} />}
      {notice.cancelled_at && (
        <Term label={t("notice.facts.cancelled")} value={`${formatDateTime(notice.cancelled_at, locale)} (${notice.cancel_reason ?? ""})`} />
      )}
      <Term label={t("notice.facts.subject")} value={notice.subject ?? t("notice.facts.subjectLater")} />
      <Term label={t("notice.facts.kind")} value={t(notice.kind === "invoice" ? "notice.facts.invoice" : "notice.facts.reminder")} />
      {notice.on_request && <Term label={t("notice.facts.onRequest")} value={onRequestText(notice.on_request, lang)} />}
      {!!notice.folds?.length && <Term label={t("notice.facts.foldedIn")} value={notice.folds.map((f) => foldText(f, lang)).join("; ")} />}
    </dl>
  )
}

/** "by Avery Admin, outside the send window and over the contact cap" */
const onRequestText = (request: NonNullable<Notice["on_request"]>, { t, locale }: Language) => {
  const by = request.name ?? t("notice.facts.anAdmin")
  const passed = request.bypassed.map((b) => t(b === "send_window" ? "notice.facts.outsideWindow" : "notice.facts.overCap"))
  return passed.length ? t("notice.facts.byPast", { name: by, passed: formatList(passed, locale) }) : t("notice.facts.by", { name: by })
}

/** "Dec 8, 2026, 9:00 AM: 2 due again, 1 added ("Final notice")" */
const foldText = (fold: NonNullable<Notice["folds"]>[number], lang: Language) => {
  const values = {
    at: formatDateTime(fold.at, lang.locale),
    due: plural(lang, "notice.facts.dueAgain", fold.receivable_ids.length),
    added: plural(lang, "notice.facts.added", fold.added_ids.length),
    stage: fold.stage_name,
  }
  return lang.t(fold.added_ids.length ? "notice.facts.foldAdded" : "notice.facts.fold", values)
}

const Term = ({ label, value }: { label: string; value: string }) => (
  <>
    <dt className="text-ui-fg-subtle">{label}</dt>
    <dd className="break-all">{value}</dd>
  </>
)
