import { Badge, Text } from "@medusajs/ui"
import { useLanguage } from "../../../hooks/use-language"
import { enumLabel } from "../../../lib/format"
import { plural } from "../../../lib/i18n"
import type { Run } from "../../../lib/types"

/** The run started with "Run now": running with its progress so far, then what it did or why it failed. */
export const StartedRun = ({ run }: { run: Run }) => {
  const lang = useLanguage()
  const { t } = lang
  const text =
    run.status === "running"
      ? t("runs.running", {
          batches: plural(lang, "runs.count.batches", run.batches),
          notices: plural(lang, "runs.count.notices", run.notices_created),
        })
      : run.status === "succeeded"
        ? t("runs.finished", {
            notices: plural(lang, "runs.count.notices", run.notices_created),
            escalations: plural(lang, "runs.count.escalations", run.escalations_created),
            customers: plural(lang, "runs.count.customers", run.customers_seen),
          })
        : t("runs.failed", { error: run.error ?? t("runs.seeServerLog") })
  return (
    <div className="flex items-center gap-x-2 px-6 py-4" data-testid="started-run">
      <Badge size="2xsmall" color={run.status === "succeeded" ? "green" : run.status === "failed" ? "red" : "blue"}>
        {enumLabel(lang, "runStatus", run.status)}
      </Badge>
      <Text size="small" className={run.status === "failed" ? "text-ui-fg-error" : undefined}>
        {text}
      </Text>
    </div>
  )
}
