import { Badge, Text } from "@medusajs/ui"
import { humanize } from "../../../lib/format"
import type { Run } from "../../../lib/types"

/** The run started with "Run now": running with its progress so far, then what it did or why it failed. */
export const StartedRun = ({ run }: { run: Run }) => (
  <div className="flex items-center gap-x-2 px-6 py-4" data-testid="started-run">
    <Badge size="2xsmall" color={run.status === "succeeded" ? "green" : run.status === "failed" ? "red" : "blue"}>
      {humanize(run.status)}
    </Badge>
    <Text size="small" className={run.status === "failed" ? "text-ui-fg-error" : undefined}>
      {run.status === "running"
        ? `Running in the background: ${run.batches} ${run.batches === 1 ? "batch" : "batches"}, ${run.notices_created} notices so far`
        : run.status === "succeeded"
          ? `Finished: ${run.notices_created} notices and ${run.escalations_created} escalations for ${run.customers_seen} customers`
          : `Failed: ${run.error ?? "see the server log"}`}
    </Text>
  </div>
)
