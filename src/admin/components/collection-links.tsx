import { Badge, Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useCollectionLinks, useRevokeCollectionLinks } from "../hooks/api/self-service"
import { useLanguage } from "../hooks/use-language"
import { formatDate } from "../lib/format"
import type { CollectionLinks as Links } from "../lib/types"
import { ErrorState, LoadingRows, errorMessage } from "./states"

/**
 * The customer's links to the collection page: the last one went out with the last notice and works
 * until a date; the rep can revoke every link sent so far (a forwarded e-mail, a mailbox that changed
 * hands). The next notice carries a working link again.
 */
export const CollectionLinks = ({ customerId }: { customerId: string }) => {
  const { t } = useLanguage()
  const links = useCollectionLinks(customerId)
  const revoke = useRevokeCollectionLinks(customerId)
  const prompt = usePrompt()
  const onRevoke = async () => {
    const confirmed = await prompt({
      title: t("links.revokeTitle"),
      description: t("links.revokeDescription"),
      confirmText: t("links.revoke"),
      cancelText: t("common.cancel"),
    })
    if (confirmed) {
      revoke.mutate(undefined, { onSuccess: () => toast.success(t("links.revoked")), onError: (e) => toast.error(errorMessage(e, t)) })
    }
  }
  const state = links.data?.collection_links
  return (
    <Container className="divide-y p-0" data-testid="collection-links">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">{t("links.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("links.subtitle")}
          </Text>
        </div>
        {state?.enabled && (
          <Button size="small" variant="secondary" onClick={onRevoke} disabled={revoke.isPending}>
            {t("links.revoke")}
          </Button>
        )}
      </div>
      {links.isLoading && <LoadingRows rows={1} />}
      {links.error && <ErrorState error={links.error} onRetry={() => links.refetch()} />}
      {state && <LinkState state={state} />}
    </Container>
  )
}

const LinkState = ({ state }: { state: Links }) => {
  const { t, locale } = useLanguage()
  if (!state.enabled) {
    return (
      <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
        {t("links.off")}
      </Text>
    )
  }
  const revoked = state.links_revoked_at ? t("links.revokedOn", { date: formatDate(state.links_revoked_at, locale) }) : null
  const status = state.active
    ? t("links.worksUntil", { sent: formatDate(state.last_sent_at, locale), until: formatDate(state.active_until, locale) })
    : state.last_sent_at
      ? t("links.lastSent", { sent: formatDate(state.last_sent_at, locale) })
      : t("links.noneSent")
  return (
    <div className="flex items-center gap-x-2 px-6 py-4">
      <Badge size="2xsmall" color={state.active ? "green" : "grey"}>
        {t(state.active ? "links.active" : "links.inactive")}
      </Badge>
      <Text size="small" data-testid="collection-links-state">
        {[status, revoked ?? (!state.active && state.last_sent_at ? t("links.expired") : null)].filter(Boolean).join(" ")}
      </Text>
    </div>
  )
}
