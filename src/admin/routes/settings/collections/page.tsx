import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Plus } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { usePolicies } from "../../../hooks/api/policies"
import { useLanguage } from "../../../hooks/use-language"
import { PolicyEditor } from "./components/policy-editor"
import { SelfServiceStatus } from "./components/self-service-status"

/** Settings → Collections: dunning policies, their stages and templates, with a live preview rendered by the server. */
const CollectionsSettingsPage = () => {
  const { t } = useLanguage()
  const policies = usePolicies()
  const [selectedId, setSelectedId] = useState<string | "new" | null>(null)
  const list = policies.data?.policies ?? []
  const selected = selectedId === "new" ? null : list.find((p) => p.id === selectedId) ?? list.find((p) => p.is_default) ?? list[0] ?? null
  return (
    <div className="flex flex-col gap-y-3" data-testid="dunning-settings">
      <Container className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">{t("settings.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("settings.subtitle")}
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setSelectedId("new")}>
          <Plus /> {t("settings.newPolicy")}
        </Button>
      </Container>
      <SelfServiceStatus />
      {policies.isLoading && <Container className="p-0"><LoadingRows rows={6} /></Container>}
      {policies.error && <Container className="p-0"><ErrorState error={policies.error} onRetry={() => policies.refetch()} /></Container>}
      {policies.data && (
        <>
          <div className="flex flex-wrap gap-2">
            {list.map((p) => (
              <Button key={p.id} size="small" variant={selected?.id === p.id && selectedId !== "new" ? "primary" : "secondary"} onClick={() => setSelectedId(p.id)}>
                {p.name}
                {p.is_default && <Badge size="2xsmall">{t("settings.default")}</Badge>}
                {!p.enabled && <Badge size="2xsmall" color="grey">{t("settings.off")}</Badge>}
              </Button>
            ))}
          </div>
          {selectedId === "new" || selected ? (
            <PolicyEditor
              key={selectedId === "new" ? "new" : selected!.id}
              policy={selectedId === "new" ? null : selected}
              onSaved={(p) => setSelectedId(p.id)}
              onDeleted={() => setSelectedId(null)}
            />
          ) : (
            <Container className="p-0"><EmptyState title={t("settings.noPolicy")} /></Container>
          )}
        </>
      )}
    </div>
  )
}

// the label is a key of the plugin's namespace, shown in the admin's language (translationNs is read from the source)
export const config = defineRouteConfig({ label: "nav.collections", translationNs: "dunning" })

export default CollectionsSettingsPage
