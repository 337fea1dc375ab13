import { Button, Drawer, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useLanguage } from "../hooks/use-language"

/** A drawer's form: its title, its fields, the server's message that names no field, Cancel and submit. */
export const FormShell = ({
  title,
  busy,
  error,
  onSubmit,
  submitLabel,
  children,
}: {
  title: string
  busy: boolean
  error?: string
  onSubmit: () => void
  submitLabel: string
  children: ReactNode
}) => {
  const { t } = useLanguage()
  return (
    <form
      className="flex h-full flex-col overflow-hidden"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit()
      }}
    >
      <Drawer.Header>
        <Drawer.Title>{title}</Drawer.Title>
      </Drawer.Header>
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        {children}
        {error && (
          <Text size="small" className="text-ui-fg-error" role="alert">
            {error}
          </Text>
        )}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button size="small" variant="secondary" type="button">
            {t("common.cancel")}
          </Button>
        </Drawer.Close>
        <Button size="small" type="submit" isLoading={busy}>
          {submitLabel}
        </Button>
      </Drawer.Footer>
    </form>
  )
}
