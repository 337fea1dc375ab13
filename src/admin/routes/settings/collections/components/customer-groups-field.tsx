import { Checkbox, Label, Text } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import type { Draft, SetDraftField } from "../../../../lib/policy-draft"

/** The customer groups a group policy applies to. */
export const CustomerGroupsField = ({
  draft,
  set,
  errors,
  customerGroups,
}: {
  draft: Draft
  set: SetDraftField
  errors: Record<string, string>
  customerGroups: Array<{ id: string; name: string | null }> | undefined
}) => {
  const { t } = useLanguage()
  return (
    <Field label={t("settings.policy.groups")} name="customer_group_ids" error={errors.customer_group_ids}>
      <div className="flex max-h-32 flex-col gap-y-1 overflow-y-auto">
        {(customerGroups ?? []).map((g) => (
          <div key={g.id} className="flex items-center gap-x-2">
            <Checkbox
              id={`group-${g.id}`}
              checked={(draft.customer_group_ids ?? []).includes(g.id)}
              onCheckedChange={(v) =>
                set("customer_group_ids", v === true ? [...(draft.customer_group_ids ?? []), g.id] : (draft.customer_group_ids ?? []).filter((x) => x !== g.id))
              }
            />
            <Label htmlFor={`group-${g.id}`} size="xsmall">{g.name}</Label>
          </div>
        ))}
        {customerGroups && customerGroups.length === 0 && <Text size="xsmall" className="text-ui-fg-subtle">{t("settings.policy.noGroups")}</Text>}
      </div>
    </Field>
  )
}
