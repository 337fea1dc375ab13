import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A labelled form field with the server's message for it, if any, right below. */
export const Field = ({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string
  name: string
  error?: string
  hint?: string
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2" data-field={name}>
    <Label htmlFor={name} size="small" weight="plus">
      {label}
    </Label>
    {children}
    {hint && !error && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
    {error && (
      <Text size="xsmall" className="text-ui-fg-error" role="alert" data-error-for={name}>
        {error}
      </Text>
    )}
  </div>
)
