import { MedusaError } from "@medusajs/framework/utils"
import { presentPolicy } from "../../../api/admin/dunning/policies/presenter"
import { mergePolicy, newPolicy, policyAsInput } from "../../../workflows/dunning-policies/policy-input"
import { DEFAULT_POLICY, type PolicyInput } from "../domain/policy"
import { staleTranslations, stageTextFingerprint, translationSources } from "../domain/stage-translations"

const OVERDUE = DEFAULT_POLICY.stages.findIndex((s) => s.action === "send" && s.offset_days > 0)

/** The default policy as it is stored: ids and positions on its stages. */
function stored(policy: PolicyInput = DEFAULT_POLICY): any {
  return { ...policy, id: "dpol_1", stages: policy.stages.map((s, i) => ({ ...s, id: `dstg_${i}`, position: i })) }
}

/** Saves `changes` over the stored policy, and reads it back as the API shows it. */
function save(before: any, changes: Parameters<typeof mergePolicy>[1]): any {
  const merged = mergePolicy(policyAsInput(before), changes)
  return presentPolicy(stored(merged))
}

describe("translations the English text changed under", () => {
  it("ships every translation of the default policy as written against its English text", () => {
    const shown = presentPolicy(stored())
    expect(shown.stale_translations).toEqual([])
    const stage = DEFAULT_POLICY.stages[OVERDUE]
    expect(Object.values(stage.translation_sources!)).toEqual(Array(6).fill(stageTextFingerprint(stage)))
  })

  it("names each translation of a stage whose English text was edited, and keeps sending it meanwhile", () => {
    const before = stored()
    const stages = presentPolicy(before).stages.map((s: any, i: number) =>
      i === OVERDUE ? { ...s, subject_template: "Overdue invoices – please pay – {{store.name}}" } : s
    )
    const after = save(before, { stages })
    expect(after.stale_translations).toEqual(["de", "es", "fr", "it", "nl", "pt"].map((language) => ({ stage_id: `dstg_${OVERDUE}`, language })))
    // the translations themselves are untouched
    expect(after.stages[OVERDUE].translations).toEqual(before.stages[OVERDUE].translations)
  })

  it("counts a translation rewritten with the English, or confirmed by the admin, as current", () => {
    const before = stored()
    const stages = presentPolicy(before).stages.map((s: any, i: number) =>
      i === OVERDUE
        ? {
            ...s,
            subject_template: "Overdue invoices – please pay – {{store.name}}",
            translations: { ...s.translations, de: { ...s.translations.de, subject_template: "Bitte zahlen – {{store.name}}" } },
            reviewed_translations: ["fr"],
          }
        : s
    )
    const after = save(before, { stages })
    expect(after.stale_translations.map((t: any) => t.language)).toEqual(["es", "it", "nl", "pt"])
  })

  it("keeps a translation out of date across saves until it is changed or confirmed", () => {
    const first = policyAsInput(stored())
    const edited = stored(mergePolicy(first, { stages: first.stages.map((s, i) => (i === OVERDUE ? { ...s, subject_template: "New {{store.name}}" } : s)) }))
    // saved again without touching the stage: still out of date
    const again = mergePolicy(policyAsInput(edited), { resend_days: 10 })
    expect(staleTranslations(again.stages[OVERDUE])).toHaveLength(6)
    // the English text put back as it was: current again
    const undone = mergePolicy(policyAsInput(stored(again)), { stages: policyAsInput(stored(again)).stages.map((s, i) => (i === OVERDUE ? { ...s, subject_template: DEFAULT_POLICY.stages[OVERDUE].subject_template } : s)) })
    expect(staleTranslations(undone.stages[OVERDUE])).toEqual([])
  })

  it("takes a new stage's translations as current, and one stored before fingerprints were kept as written against its English", () => {
    const created = newPolicy({ name: "Export", stages: [{ name: "Overdue", offset_days: 5, subject_template: "Hi {{store.name}}", body_html_template: "<p>x</p>", translations: { fr: { subject_template: "Salut {{store.name}}" } } }] })
    expect(staleTranslations(created.stages[0])).toEqual([])
    const legacy = { subject_template: "Old", body_html_template: "<p>x</p>", body_text_template: null, translations: { fr: { subject_template: "Ancien" } } }
    expect(staleTranslations(legacy)).toEqual([])
    const edited = { ...legacy, subject_template: "New" }
    expect(translationSources(edited, legacy)).toEqual({ fr: stageTextFingerprint(legacy) })
    expect(staleTranslations({ ...edited, translation_sources: translationSources(edited, legacy) })).toEqual(["fr"])
  })

  it("refuses to confirm a translation the stage does not have, naming the stage", () => {
    const before = stored()
    const stages = presentPolicy(before).stages.map((s: any, i: number) => (i === OVERDUE ? { ...s, reviewed_translations: ["sv"] } : s))
    expect(() => mergePolicy(policyAsInput(before), { stages })).toThrow(MedusaError)
    expect(() => mergePolicy(policyAsInput(before), { stages })).toThrow(`stages.${OVERDUE}.reviewed_translations: the stage has no 'sv' translation to confirm`)
  })
})
