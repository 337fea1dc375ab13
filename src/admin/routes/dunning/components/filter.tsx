import { Label, Select } from "@medusajs/ui"

/** The filter value that does not filter. */
export const ALL = "all"

/** A labelled select above a list (the label also names the select for assistive technology). */
export const Filter = ({
  label,
  value,
  onChange,
  options,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  options: Array<{ value: string; label: string }>
}) => (
  <div className="flex flex-col gap-y-1">
    <Label size="xsmall">{label}</Label>
    <Select size="small" value={value} onValueChange={onChange}>
      <Select.Trigger className="w-44" aria-label={label}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {options.map((o) => (
          <Select.Item key={o.value} value={o.value}>
            {o.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)
