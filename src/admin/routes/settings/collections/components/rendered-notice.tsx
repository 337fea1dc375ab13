import { Text } from "@medusajs/ui"
import { useLanguage } from "../../../../hooks/use-language"
import type { Preview } from "../../../../lib/types"

/** A rendered notice: its subject, its HTML in a sandbox that can load nothing, and its text. Dimmed while the templates have problems. */
export const RenderedNotice = ({ preview, dimmed }: { preview: Preview; dimmed: boolean }) => {
  const { t } = useLanguage()
  return (
    <div className={`flex flex-col gap-y-3 px-6 py-4 ${dimmed ? "opacity-50" : ""}`}>
      <div>
        <Text size="xsmall" className="text-ui-fg-subtle">{t("settings.templates.subject")}</Text>
        <Text size="small" weight="plus" data-testid="preview-subject">{preview.subject}</Text>
      </div>
      {/* the policy comes first in the document, so the template can load nothing from elsewhere (a tracking pixel would reveal the admin) */}
      <iframe
        title={t("settings.preview.htmlFrame")}
        sandbox=""
        srcDoc={`<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'">${preview.html}`}
        className="h-96 w-full rounded-md border border-ui-border-base bg-white"
        data-testid="preview-html"
      />
      <pre className="bg-ui-bg-subtle max-h-64 overflow-auto whitespace-pre-wrap rounded-md p-3 text-xs" data-testid="preview-text">{preview.text}</pre>
    </div>
  )
}
