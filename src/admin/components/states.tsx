import { Button, Skeleton, Text } from "@medusajs/ui"

/** The three states every collections screen has besides its data. */

export const LoadingRows = ({ rows = 3 }: { rows?: number }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true" aria-label="Loading">
    {Array.from({ length: rows }, (_, i) => (
      <Skeleton key={i} className="h-5 w-full" />
    ))}
  </div>
)

export const ErrorState = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-4" role="alert">
    <Text size="small" className="text-ui-fg-error">
      {errorMessage(error)}
    </Text>
    {onRetry && (
      <Button size="small" variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    )}
  </div>
)

export const EmptyState = ({ title, description }: { title: string; description?: string }) => (
  <div className="flex flex-col items-center gap-y-1 px-6 py-8 text-center">
    <Text size="small" weight="plus">
      {title}
    </Text>
    {description && (
      <Text size="small" className="text-ui-fg-subtle">
        {description}
      </Text>
    )}
  </div>
)

export function errorMessage(error: unknown): string {
  if (!error) {
    return "Something went wrong"
  }
  if (typeof error === "string") {
    return error
  }
  const message = (error as { message?: string }).message
  return message || "Something went wrong"
}
