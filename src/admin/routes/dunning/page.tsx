import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CurrencyDollar } from "@medusajs/icons"
import { Container, Heading, Tabs, Text } from "@medusajs/ui"
import { useLanguage } from "../../hooks/use-language"
import { CallList } from "./components/call-list"
import { OverdueTable } from "./components/overdue-table"
import { Performance } from "./components/performance"
import { Runs } from "./components/runs"

/** Where reps and the collections manager work: who to call, what is overdue, runs, and how collections perform. */
const CollectionsPage = () => {
  const { t } = useLanguage()
  return (
    <div className="flex flex-col gap-y-3" data-testid="dunning-collections-page">
      <Container className="px-6 py-4">
        <Heading level="h1">{t("collections.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("collections.subtitle")}
        </Text>
      </Container>
      <Tabs defaultValue="calls">
        <Tabs.List>
          <Tabs.Trigger value="calls">{t("collections.tabs.calls")}</Tabs.Trigger>
          <Tabs.Trigger value="overdue">{t("collections.tabs.overdue")}</Tabs.Trigger>
          <Tabs.Trigger value="runs">{t("collections.tabs.runs")}</Tabs.Trigger>
          <Tabs.Trigger value="performance">{t("collections.tabs.performance")}</Tabs.Trigger>
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
}

// the label is a key of the plugin's namespace (NAMESPACE), shown in the admin's language; the admin reads
// translationNs from the source, so it must be written out
export const config = defineRouteConfig({ label: "nav.collections", translationNs: "dunning", icon: CurrencyDollar })

export default CollectionsPage
