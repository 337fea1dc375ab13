import { Button, Skeleton, Text } from "@medusajs/ui"
import { useLanguage } from "../hooks/use-language"
import type { Translate } from "../lib/i18n"

/** The three states every collections screen has besides its data. */

export const LoadingRows = ({ rows = 3 }: { rows?: number }) => {
  const { t } = useLanguage()
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true" aria-label={t("common.loading")}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-5 w-full" />
      ))}
    </div>
  )
}

export const ErrorState = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const { t } = useLanguage()
  return (
    <div className="flex items-center justify-between gap-x-4 px-6 py-4" role="alert">
      <Text size="small" className="text-ui-fg-error">
        {errorMessage(error, t)}
      </Text>
      {onRetry && (
        <Button size="small" variant="secondary" onClick={onRetry}>
          {t("common.tryAgain")}
        </Button>
      )}
    </div>
  )
}

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

/** What went wrong, as the server said it (its messages name the field to fix), or a plain sentence when it said nothing. */
export function errorMessage(error: unknown, t: Translate): string {
  if (typeof error === "string" && error) {
    return error
  }
  const message = error ? (error as { message?: string }).message : undefined
  return message || t("common.somethingWentWrong")
}
