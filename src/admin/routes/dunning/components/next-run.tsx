import { Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { ErrorState, errorMessage } from "../../../components/states"
import { useRun, useRunNow, useRunPreview } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { plural } from "../../../lib/i18n"
import { RunPreviewResult } from "./run-preview-result"
import { StartedRun } from "./started-run"

/** The next run: a dry run of who would get which notice, and "Run now", followed until the run ends. */
export const NextRun = () => {
  const lang = useLanguage()
  const { t } = lang
  const [previewing, setPreviewing] = useState(false)
  const [startedId, setStartedId] = useState<string | null>(null)
  const preview = useRunPreview(previewing)
  const runNow = useRunNow()
  const started = useRun(startedId)
  const startedRun = started.data?.run ?? null
  const running = startedRun?.status === "running"
  const ended = startedRun && !running ? startedRun.status : null
  useEffect(() => {
    if (!startedRun || !ended) return
    if (ended === "succeeded") {
      toast.success(
        t("runs.finishedToast", {
          notices: plural(lang, "runs.count.notices", startedRun.notices_created),
          escalations: plural(lang, "runs.count.escalations", startedRun.escalations_created),
        })
      )
    } else {
      toast.error(t("runs.failedToast", { error: startedRun.error ?? t("runs.seeServerLog") }))
    }
    // once per run, when it ends
  }, [startedRun?.id, ended])
  const prompt = usePrompt()
  const start = async () => {
    const ok = await prompt({
      title: t("runs.runNowTitle"),
      description: t("runs.runNowDescription"),
      confirmText: t("runs.runNow"),
      cancelText: t("common.cancel"),
    })
    if (!ok) return
    runNow.mutate(undefined, {
      onSuccess: ({ run }) => {
        setStartedId(run.id)
        setPreviewing(false)
      },
      onError: (e) => toast.error(errorMessage(e, t)),
    })
  }
  return (
    <Container className="divide-y p-0" data-testid="run-preview">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">{t("runs.nextRun")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("runs.nextRunHint")}
          </Text>
        </div>
        <div className="flex gap-x-2">
          <Button size="small" variant="secondary" onClick={() => (previewing ? preview.refetch() : setPreviewing(true))} isLoading={preview.isFetching}>
            {t("runs.preview")}
          </Button>
          <Button size="small" onClick={start} isLoading={runNow.isPending || running} disabled={running}>
            {t("runs.runNow")}
          </Button>
        </div>
      </div>
      {startedRun && <StartedRun run={startedRun} />}
      {preview.error && <ErrorState error={preview.error} onRetry={() => preview.refetch()} />}
      {preview.data && <RunPreviewResult preview={preview.data} />}
    </Container>
  )
}
