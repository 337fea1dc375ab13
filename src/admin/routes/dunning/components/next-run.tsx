import { Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { ErrorState, errorMessage } from "../../../components/states"
import { useRun, useRunNow, useRunPreview } from "../../../hooks/api/worklists"
import { RunPreviewResult } from "./run-preview-result"
import { StartedRun } from "./started-run"

/** The next run: a dry run of who would get which notice, and "Run now", followed until the run ends. */
export const NextRun = () => {
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
      toast.success(`Run finished: ${startedRun.notices_created} notices, ${startedRun.escalations_created} escalations`)
    } else {
      toast.error(`Run failed: ${startedRun.error ?? "see the server log"}`)
    }
    // once per run, when it ends
  }, [startedRun?.id, ended])
  const prompt = usePrompt()
  const start = async () => {
    const ok = await prompt({
      title: "Run dunning now?",
      description: "Every customer with invoices due for a reminder gets one notice now, exactly as the scheduled run would send it.",
      confirmText: "Run now",
      cancelText: "Cancel",
    })
    if (!ok) return
    runNow.mutate(undefined, {
      onSuccess: ({ run }) => {
        setStartedId(run.id)
        setPreviewing(false)
      },
      onError: (e) => toast.error(errorMessage(e)),
    })
  }
  return (
    <Container className="divide-y p-0" data-testid="run-preview">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Next run</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            A dry run shows who would get which notice now, and why others are skipped. Nothing is sent.
          </Text>
        </div>
        <div className="flex gap-x-2">
          <Button size="small" variant="secondary" onClick={() => (previewing ? preview.refetch() : setPreviewing(true))} isLoading={preview.isFetching}>
            Preview
          </Button>
          <Button size="small" onClick={start} isLoading={runNow.isPending || running} disabled={running}>
            Run now
          </Button>
        </div>
      </div>
      {startedRun && <StartedRun run={startedRun} />}
      {preview.error && <ErrorState error={preview.error} onRetry={() => preview.refetch()} />}
      {preview.data && <RunPreviewResult preview={preview.data} />}
    </Container>
  )
}
