import { Badge, Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useCollectionLinks, useRevokeCollectionLinks } from "../hooks/api/self-service"
import { formatDate } from "../lib/format"
import type { CollectionLinks as Links } from "../lib/types"
import { ErrorState, LoadingRows, errorMessage } from "./states"

/**
 * The customer's links to the collection page: the last one went out with the last notice and works
 * until a date; the rep can revoke every link sent so far (a forwarded e-mail, a mailbox that changed
 * hands). The next notice carries a working link again.
 */
export const CollectionLinks = ({ customerId }: { customerId: string }) => {
  const links = useCollectionLinks(customerId)
  const revoke = useRevokeCollectionLinks(customerId)
  const prompt = usePrompt()
  const onRevoke = async () => {
    const confirmed = await prompt({
      title: "Revoke the customer's links?",
      description: "Every link to the collection page sent to this customer so far stops working. The next notice carries a new one.",
      confirmText: "Revoke links",
      cancelText: "Cancel",
    })
    if (confirmed) {
      revoke.mutate(undefined, { onSuccess: () => toast.success("Links revoked"), onError: (e) => toast.error(errorMessage(e)) })
    }
  }
  const state = links.data?.collection_links
  return (
    <Container className="divide-y p-0" data-testid="collection-links">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Collection page</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Where the customer pays, promises a date or disputes an invoice, from the link in each notice
          </Text>
        </div>
        {state?.enabled && (
          <Button size="small" variant="secondary" onClick={onRevoke} disabled={revoke.isPending}>
            Revoke links
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
  if (!state.enabled) {
    return (
      <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
        The collection page is off: notices carry no link (plugin option selfService).
      </Text>
    )
  }
  const revoked = state.links_revoked_at ? ` Links revoked ${formatDate(state.links_revoked_at)}.` : ""
  return (
    <div className="flex items-center gap-x-2 px-6 py-4">
      <Badge size="2xsmall" color={state.active ? "green" : "grey"}>
        {state.active ? "Active" : "No working link"}
      </Badge>
      <Text size="small" data-testid="collection-links-state">
        {state.active
          ? `The link in the last notice (${formatDate(state.last_sent_at)}) works until ${formatDate(state.active_until)}.${revoked}`
          : state.last_sent_at
            ? `The last link went out ${formatDate(state.last_sent_at)}.${revoked || " It has expired."}`
            : `No notice with a link has gone out yet.${revoked}`}
      </Text>
    </div>
  )
}
