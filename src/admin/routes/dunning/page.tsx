import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CurrencyDollar } from "@medusajs/icons"
import { Container, Heading, Tabs, Text } from "@medusajs/ui"
import { CallList } from "./components/call-list"
import { OverdueTable } from "./components/overdue-table"
import { Performance } from "./components/performance"
import { Runs } from "./components/runs"

/** Where reps and the collections manager work: who to call, what is overdue, runs, and how collections perform. */
const CollectionsPage = () => (
  <div className="flex flex-col gap-y-3" data-testid="dunning-collections-page">
    <Container className="px-6 py-4">
      <Heading level="h1">Collections</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        Follow-ups to work, overdue invoices, dunning runs and collection performance.
      </Text>
    </Container>
    <Tabs defaultValue="calls">
      <Tabs.List>
        <Tabs.Trigger value="calls">Call list</Tabs.Trigger>
        <Tabs.Trigger value="overdue">Overdue invoices</Tabs.Trigger>
        <Tabs.Trigger value="runs">Runs</Tabs.Trigger>
        <Tabs.Trigger value="performance">Performance</Tabs.Trigger>
      </Tabs.List>
      <div className="mt-3">
        <Tabs.Content value="calls">
          <CallList />
        </Tabs.Content>
        <Tabs.Content value="overdue">
          <OverdueTable />
        </Tabs.Content>
        <Tabs.Content value="runs">
          <Runs />
        </Tabs.Content>
        <Tabs.Content value="performance">
          <Performance />
        </Tabs.Content>
      </div>
    </Tabs>
  </div>
)

export const config = defineRouteConfig({ label: "Collections", icon: CurrencyDollar })

export default CollectionsPage
