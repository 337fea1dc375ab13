import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { useRuns } from "../../../hooks/api/worklists"
import { useLanguage } from "../../../hooks/use-language"
import { enumLabel, formatCount, formatDateTime } from "../../../lib/format"
import { plural } from "../../../lib/i18n"
import { PAGE, Pager } from "./pager"

/** Every run, scheduled or started by hand, newest first, with what it did (reminders, escalations, invoice e-mails) or why it failed. */
export const RunHistory = () => {
  const lang = useLanguage()
  const { t, locale } = lang
  const [offset, setOffset] = useState(0)
  const runs = useRuns({ limit: PAGE, offset })
  return (
    <Container className="divide-y p-0" data-testid="run-history">
      <div className="px-6 py-4">
        <Heading level="h2">{t("runs.history")}</Heading>
      </div>
      {runs.isLoading && <LoadingRows rows={4} />}
      {runs.error && <ErrorState error={runs.error} onRetry={() => runs.refetch()} />}
      {runs.data && runs.data.runs.length === 0 && <EmptyState title={t("runs.empty")} description={t("runs.emptyHint")} />}
      {runs.data && runs.data.runs.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("runs.started")}</Table.HeaderCell>
              <Table.HeaderCell>{t("runs.trigger")}</Table.HeaderCell>
              <Table.HeaderCell>{t("runs.status")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("runs.customers")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("runs.notices")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("runs.escalations")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("runs.invoiceEmails")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {runs.data.runs.map((r) => (
              <Table.Row key={r.id} title={r.error ?? undefined}>
                <Table.Cell>{formatDateTime(r.started_at, locale)}</Table.Cell>
                <Table.Cell>{enumLabel(lang, "runTrigger", r.trigger)}</Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2 py-1">
                    <Badge size="2xsmall" color={r.status === "succeeded" ? "green" : r.status === "failed" ? "red" : "blue"}>
                      {enumLabel(lang, "runStatus", r.status)}
                    </Badge>
                    {r.status === "running" && (
                      <Text size="xsmall" className="text-ui-fg-subtle">{plural(lang, "runs.batchesSoFar", r.batches)}</Text>
                    )}
                  </div>
                  {r.status === "failed" && r.error && (
                    <Text size="xsmall" className="text-ui-fg-error max-w-[360px] whitespace-normal pb-1" data-testid="run-error">
                      {r.error}
                    </Text>
                  )}
                </Table.Cell>
                <Table.Cell className="text-right">{formatCount(r.customers_seen, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatCount(r.notices_created, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatCount(r.escalations_created, locale)}</Table.Cell>
                <Table.Cell className="text-right">{formatCount(r.invoice_emails_created ?? 0, locale)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {runs.data && <Pager offset={offset} count={runs.data.count} onChange={setOffset} />}
    </Container>
  )
}
