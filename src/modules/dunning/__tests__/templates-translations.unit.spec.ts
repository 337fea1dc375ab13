import { templatesFor, type StageTemplates } from "../../../workflows/dunning/notice-content"
import { mergePolicy, policyAsInput, withoutBlankTranslations } from "../../../workflows/dunning-policies/policy-input"
import { findPolicyProblems } from "../../../workflows/dunning-policies/steps/validate-policy"
import { DEFAULT_POLICY, DEFAULT_STAGES } from "../domain/policy"
import { closeRenderPool, renderNotice, sampleNoticeContext } from "../templates"

const stage: StageTemplates = {
  subject_template: "Overdue invoices – {{store.name}}",
  body_html_template: "<p>Dear {{customer.name}},</p>{{> invoiceTable}}",
  body_text_template: null,
}

// the overdue stage of the default policy
const OVERDUE = DEFAULT_STAGES.findIndex((s) => s.action === "send" && s.offset_days > 0)

afterAll(async () => {
  await closeRenderPool()
})

describe("a blank translation is no translation", () => {
  it.each([
    ["empty", ""],
    ["spaces and line breaks", "  \n\t "],
  ])("renders the stage's own templates when the translation's subject and body are %s", (_name, blank) => {
    const chosen = templatesFor({ ...stage, translations: { de: { subject_template: blank, body_html_template: blank, body_text_template: blank } } }, "de-AT")
    expect(chosen).toEqual({ subject: stage.subject_template, body_html: stage.body_html_template, body_text: null, language: null })
    const notice = renderNotice(chosen, { ...sampleNoticeContext(), locale: "de-AT" })
    expect(notice.subject).toBe("Overdue invoices – Northwind Supplies")
  })

  it("takes what a translation does say and inherits only its blank parts", () => {
    const translated = templatesFor({ ...stage, translations: { de: { subject_template: "Zahlungserinnerung – {{store.name}}", body_html_template: "" } } }, "de")
    expect(translated).toEqual({ subject: "Zahlungserinnerung – {{store.name}}", body_html: stage.body_html_template, body_text: null, language: "de" })
  })

  it("passes over a blank exact translation to the base language's", () => {
    const translations = { "fr-CA": { subject_template: " ", body_html_template: "" }, fr: { subject_template: "Rappel", body_html_template: "<p>Bonjour</p>" } }
    expect(templatesFor({ ...stage, translations }, "fr-CA")).toMatchObject({ subject: "Rappel", body_html: "<p>Bonjour</p>", language: "fr" })
  })

  it("stores blank translated templates as null and drops a language left with nothing", () => {
    expect(
      withoutBlankTranslations({
        de: { subject_template: "", body_html_template: "<p>Hallo</p>", body_text_template: "  " },
        fr: { subject_template: " ", body_html_template: "" },
      })
    ).toEqual({ de: { subject_template: null, body_html_template: "<p>Hallo</p>", body_text_template: null } })
    expect(withoutBlankTranslations({ fr: { subject_template: "" } })).toBeNull()
    expect(withoutBlankTranslations(null)).toBeNull()

    const saved = mergePolicy(DEFAULT_POLICY, { stages: [{ ...DEFAULT_STAGES[OVERDUE], translations: { de: { subject_template: "", body_html_template: "" } } }] })
    expect(saved.stages[0].translations).toBeNull()
    const stored = policyAsInput({ ...DEFAULT_POLICY, stages: [{ ...DEFAULT_STAGES[OVERDUE], position: 0, translations: { de: { subject_template: "" } } }] })
    expect(stored.stages[0].translations).toBeNull()
  })
})

describe("a policy's templates are checked in every language, on the render pool", () => {
  const policyWith = (translations: Record<string, Partial<StageTemplates>>) => ({
    ...DEFAULT_POLICY,
    stages: DEFAULT_STAGES.map((s, i) => (i === OVERDUE ? { ...s, translations } : s)),
  })

  it("accepts the default policy and a blank translation", async () => {
    expect(await findPolicyProblems(DEFAULT_POLICY)).toEqual([])
    expect(await findPolicyProblems(policyWith({ de: { subject_template: "", body_html_template: "" } }))).toEqual([])
  })

  it("refuses a translation too costly for the largest notice, naming the language and the field", async () => {
    const costly = `{{#each receivables}}${"{{@root.customer.name}} ".repeat(2500)}{{/each}}`
    expect(await findPolicyProblems(policyWith({ de: { body_html_template: costly } }))).toEqual([
      expect.objectContaining({ field: `stages.${OVERDUE}.translations.de.body_html_template`, message: expect.stringMatching(/^For the largest notice .*larger than 256 KB$/) }),
    ])
  })
})
