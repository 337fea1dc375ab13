import { Button, Text } from "@medusajs/ui"

/** Rows per page on every list of the Collections page. */
export const PAGE = 20

/** Previous / next under a list, shown only when there is more than one page. */
export const Pager = ({ offset, count, onChange }: { offset: number; count: number; onChange: (offset: number) => void }) =>
  count > PAGE ? (
    <div className="flex items-center justify-between px-6 py-3">
      <Text size="small" className="text-ui-fg-subtle">
        {offset + 1}–{Math.min(offset + PAGE, count)} of {count}
      </Text>
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE))}>
          Previous
        </Button>
        <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => onChange(offset + PAGE)}>
          Next
        </Button>
      </div>
    </div>
  ) : null
