import { literalTexts, literalTextsIn } from "../../scripts/check/admin-texts"

/**
 * The admin speaks the admin user's language: no word is written into src/admin outside its translations.
 * `scripts/check/admin-texts.ts` prints the places.
 */
describe("the admin's words", () => {
  it("come from the translations in src/admin/i18n, never from the screens' own code", () => {
    expect(literalTexts()).toEqual([])
  })

  it("finds JSX text, strings in the props a person reads, in shown expressions and in toasts", () => {
    const source = `
      import { toast, usePrompt } from "@medusajs/ui"
      export const Screen = ({ done, n }: { done: boolean; n: number }) => {
        const prompt = usePrompt()
        void prompt({ title: "Delete it?", description: t("settings.policy.deleteDescription") })
        toast.success("Policy saved")
        return (
          <div className="flex gap-x-2" data-testid="screen">
            <Heading>Collections</Heading>
            <Input placeholder="Search customers" aria-label={done ? "Finished" : t("common.loading")} />
            <Text>{done ? "Done" : t("customer.history.followUpOpen")}</Text>
            <Text>{\`\${n} days\`}</Text>
            <Text>{[t("customer.history.automatic"), "by hand"].join(" · ")}</Text>
            <Filter options={[{ value: "all", label: "Everyone" }]} />
            <Select.Item value="order">{t("actions.profile.startOrder")}</Select.Item>
            <Text>{n} · {t("format.nextRun")} – {event.type === "system" ? "·" : ""}</Text>
          </div>
        )
      }
      export const config = defineRouteConfig({ label: "nav.collections", translationNs: "dunning" })
    `
    expect(literalTextsIn("screen.tsx", source)).toEqual([
      'screen.tsx:5: "Delete it?"',
      'screen.tsx:6: "Policy saved"',
      'screen.tsx:9: "Collections"',
      'screen.tsx:10: "Search customers"',
      'screen.tsx:10: "Finished"',
      'screen.tsx:11: "Done"',
      'screen.tsx:12: "days"',
      'screen.tsx:13: "by hand"',
      'screen.tsx:14: "Everyone"',
    ])
  })
})
