import { Button, Text } from "@medusajs/ui"
import { useLanguage } from "../../../hooks/use-language"
import { formatCount } from "../../../lib/format"

/** Rows per page on every list of the Collections page. */
export const PAGE = 20

/** Previous / next under a list, shown only when there is more than one page. */
export const Pager = ({ offset, count, onChange }: { offset: number; count: number; onChange: (offset: number) => void }) => {
  const { t, locale } = useLanguage()
  if (count <= PAGE) {
    return null
  }
  return (
    <div className="flex items-center justify-between px-6 py-3">
      <Text size="small" className="text-ui-fg-subtle">
        {t("common.pageRange", {
          from: formatCount(offset + 1, locale),
          to: formatCount(Math.min(offset + PAGE, count), locale),
          count: formatCount(count, locale),
        })}
      </Text>
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE))}>
          {t("common.previous")}
        </Button>
        <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => onChange(offset + PAGE)}>
          {t("common.next")}
        </Button>
      </div>
    </div>
  )
}
