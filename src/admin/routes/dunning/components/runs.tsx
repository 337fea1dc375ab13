import { NextRun } from "./next-run"
import { RunHistory } from "./run-history"

/** The Runs tab: what the next run would do, and what past runs did. */
export const Runs = () => (
  <div className="flex flex-col gap-y-3">
    <NextRun />
    <RunHistory />
  </div>
)
