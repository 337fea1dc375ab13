import { Button, Container, Heading, Label, Switch, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { errorMessage } from "../../../../components/states"
import { useDeletePolicy, useSavePolicy } from "../../../../hooks/api/policies"
import { useLanguage } from "../../../../hooks/use-language"
import { pathErrors } from "../../../../lib/format"
import { policyRequestBody, staleTranslationsOf, toDraft, type Draft } from "../../../../lib/policy-draft"
import type { Policy, Stage } from "../../../../lib/types"
import { PolicyFields } from "./policy-fields"
import { StageEditor } from "./stage-editor"
import { StageList } from "./stage-list"

/** One policy being edited: its settings, its stages and the selected stage's templates; saved as a whole. */
export const PolicyEditor = ({ policy, onSaved, onDeleted }: { policy: Policy | null; onSaved: (p: Policy) => void; onDeleted: () => void }) => {
  const lang = useLanguage()
  const { t } = lang
  const [draft, setDraft] = useState<Draft>(() => toDraft(policy, t("settings.newStageName", { n: 1 })))
  const [stageIndex, setStageIndex] = useState(0)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const save = useSavePolicy()
  const remove = useDeletePolicy()
  const prompt = usePrompt()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const setStages = (update: (stages: Stage[]) => Stage[]) => setDraft((d) => ({ ...d, stages: update(d.stages) }))
  const setStage = (i: number, patch: Partial<Stage>) => setStages((stages) => stages.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  const stage = draft.stages[Math.min(stageIndex, draft.stages.length - 1)]

  const submit = () => {
    setErrors({})
    save.mutate(
      { id: draft.id, body: policyRequestBody(draft) },
      {
        onSuccess: ({ policy: saved }) => {
          toast.success(t("settings.policy.saved"))
          // the saved policy as the server now has it: new stages' ids, which translations are still stale
          setDraft(toDraft(saved, t("settings.newStageName", { n: 1 })))
          onSaved(saved)
        },
        onError: (e) => setErrors(pathErrors(errorMessage(e, t), lang)),
      }
    )
  }
  const del = async () => {
    if (!draft.id) return
    const ok = await prompt({
      title: t("settings.policy.deleteTitle", { name: draft.name }),
      description: t("settings.policy.deleteDescription"),
      confirmText: t("settings.policy.delete"),
      cancelText: t("common.cancel"),
    })
    if (!ok) return
    remove.mutate(draft.id, { onSuccess: () => { toast.success(t("settings.policy.deleted")); onDeleted() }, onError: (e) => toast.error(errorMessage(e, t)) })
  }

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0" data-testid="policy-form">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h2">{draft.id ? draft.name : t("settings.newPolicy")}</Heading>
          <div className="flex items-center gap-x-3">
            <div className="flex items-center gap-x-2">
              <Switch id="enabled" checked={draft.enabled} onCheckedChange={(v) => set("enabled", v)} />
              <Label htmlFor="enabled" size="small">{t("settings.policy.enabled")}</Label>
            </div>
            {draft.id && !draft.is_default && (
              <Button size="small" variant="danger" onClick={del} isLoading={remove.isPending}>{t("settings.policy.delete")}</Button>
            )}
            <Button size="small" onClick={submit} isLoading={save.isPending}>{t("common.save")}</Button>
          </div>
        </div>
        {errors._ && <div className="px-6 py-3"><Text size="small" className="text-ui-fg-error" role="alert">{errors._}</Text></div>}
        <PolicyFields draft={draft} set={set} errors={errors} />
      </Container>
      <StageList stages={draft.stages} stageIndex={stageIndex} errors={errors} stale={draft.stale_translations ?? []} onSelect={setStageIndex} onChange={setStages} />
      {stage && (
        <StageEditor
          key={stageIndex}
          stage={stage}
          index={stageIndex}
          errors={errors}
          staleTranslations={staleTranslationsOf(draft, stage)}
          onChange={(patch) => setStage(stageIndex, patch)}
        />
      )}
    </div>
  )
}
