import { ArrowDownTray } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { useLanguage } from "../hooks/use-language"
import { sdk } from "../lib/sdk"
import { errorMessage } from "./states"

/** The file name the server gave a download (`Content-Disposition: attachment; filename="…"`). */
export function downloadName(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? fallback
}

/**
 * A button that downloads a PDF from the admin API with the admin's session (the SDK's fetch, so the
 * request carries what every other admin request carries) and saves it under the server's file name.
 */
export const PdfDownload = ({ path, label, testId }: { path: string; label: string; testId?: string }) => {
  const { t } = useLanguage()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    try {
      const response = await sdk.client.fetch<Response>(path, { headers: { accept: "application/pdf" } })
      const url = URL.createObjectURL(await response.blob())
      const link = document.createElement("a")
      link.href = url
      link.download = downloadName(response.headers.get("content-disposition"), "document.pdf")
      document.body.appendChild(link)
      link.click()
      link.remove()
      // the browser has the file once the click is handled; the object URL is freed a moment later
      setTimeout(() => URL.revokeObjectURL(url), 30_000)
    } catch (error) {
      toast.error(errorMessage(error, t))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button size="small" variant="secondary" type="button" isLoading={busy} onClick={download} data-testid={testId}>
      <ArrowDownTray />
      {label}
    </Button>
  )
}
