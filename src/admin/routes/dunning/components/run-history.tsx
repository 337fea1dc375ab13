import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useRuns } from "../../../hooks/api/worklists"
import { formatDateTime, humanize } from "../../../lib/format"
import { PAGE, Pager } from "./pager"

/** Every run, scheduled or started by hand, newest first, with what it did or why it failed. */
export const RunHistory = () => {
  const [offset, setOffset] = useState(0)
  const runs = useRuns({ limit: PAGE, offset })
  return (
    <Container className="divide-y p-0" data-testid="run-history">
      <div className="px-6 py-4">
        <Heading level="h2">Run history</Heading>
      </div>
      {runs.isLoading && <LoadingRows rows={4} />}
      {runs.error && <ErrorState error={runs.error} onRetry={() => runs.refetch()} />}
      {runs.data && runs.data.runs.length === 0 && <EmptyState title="No runs yet" description="The scheduled run, or Run now, records each run here." />}
      {runs.data && runs.data.runs.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Started</Table.HeaderCell>
              <Table.HeaderCell>Trigger</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Customers</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Notices</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Escalations</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {runs.data.runs.map((r) => (
              <Table.Row key={r.id} title={r.error ?? undefined}>
                <Table.Cell>{formatDateTime(r.started_at)}</Table.Cell>
                <Table.Cell>{humanize(r.trigger)}</Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2 py-1">
                    <Badge size="2xsmall" color={r.status === "succeeded" ? "green" : r.status === "failed" ? "red" : "blue"}>
                      {humanize(r.status)}
                    </Badge>
                    {r.status === "running" && (
                      <Text size="xsmall" className="text-ui-fg-subtle">{r.batches} {r.batches === 1 ? "batch" : "batches"} so far</Text>
                    )}
                  </div>
                  {r.status === "failed" && r.error && (
                    <Text size="xsmall" className="text-ui-fg-error max-w-[360px] whitespace-normal pb-1" data-testid="run-error">
                      {r.error}
                    </Text>
                  )}
                </Table.Cell>
                <Table.Cell className="text-right">{r.customers_seen}</Table.Cell>
                <Table.Cell className="text-right">{r.notices_created}</Table.Cell>
                <Table.Cell className="text-right">{r.escalations_created}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {runs.data && <Pager offset={offset} count={runs.data.count} onChange={setOffset} />}
    </Container>
  )
}
