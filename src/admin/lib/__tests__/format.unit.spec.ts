import {
  agingBucketLabel,
  customerLabel,
  daysOverdue,
  daysOverdueLabel,
  enumLabel,
  fieldErrors,
  formatDays,
  formatMoney,
  formatNextAction,
  formatPercent,
  humanize,
  languageName,
  overdueColor,
  pathErrors,
  userName,
} from "../format"
import { dashboardLocale } from "../i18n"
import { language } from "./languages"

const en = language("en")
const es = language("es")
const de = language("de")

describe("formatMoney", () => {
  it("uses each currency's own minor units and symbol", () => {
    expect(formatMoney(1234.5, "usd", "en-US")).toBe("$1,234.50")
    expect(formatMoney(1234.5, "EUR", "de-DE")).toBe("1.234,50\u00a0€")
    expect(formatMoney(1234, "jpy", "en-US")).toBe("¥1,234")
    expect(formatMoney(1.5, "kwd", "en-US")).toBe("KWD\u00a01.500")
  })

  it("reads amounts sent as strings and shows a dash for missing ones", () => {
    expect(formatMoney("480", "eur", "en-US")).toBe("€480.00")
    expect(formatMoney(null, "eur", "en-US")).toBe("–")
    expect(formatMoney("abc", "eur", "en-US")).toBe("–")
  })

  it("falls back to the code for a currency Intl does not know", () => {
    expect(formatMoney(10, "xx1", "en-US")).toBe("10.00 XX1")
  })
})

describe("days overdue", () => {
  const now = new Date("2026-05-10T12:00:00Z")

  it("counts calendar days (UTC) from the due date to today, and days ahead before it", () => {
    expect(daysOverdue("2026-05-10T12:00:00Z", now)).toBe(0)
    // due later today is still due today, not "due tomorrow"
    expect(daysOverdue("2026-05-10T23:59:59Z", now)).toBe(0)
    expect(daysOverdue("2026-05-10T00:00:00Z", now)).toBe(0)
    // due late yesterday is a day overdue even though less than 24 hours have passed
    expect(daysOverdue("2026-05-09T23:00:00Z", now)).toBe(1)
    expect(daysOverdue("2026-05-09T00:00:00Z", now)).toBe(1)
    expect(daysOverdue("2026-04-10T12:00:00Z", now)).toBe(30)
    expect(daysOverdue("2026-05-11T00:00:00Z", now)).toBe(-1)
    expect(daysOverdue("2026-05-15T12:00:00Z", now)).toBe(-5)
    // month and year ends
    expect(daysOverdue("2025-12-31T23:30:00Z", new Date("2026-01-01T00:10:00Z"))).toBe(1)
  })

  it("labels singular, plural, today and ahead", () => {
    expect(daysOverdueLabel(0, en)).toBe("due today")
    expect(daysOverdueLabel(1, en)).toBe("1 day overdue")
    expect(daysOverdueLabel(45, en)).toBe("45 days overdue")
    expect(daysOverdueLabel(-1, en)).toBe("due tomorrow")
    expect(daysOverdueLabel(-7, en)).toBe("due in 7 days")
  })

  it("labels them in the admin's language, with its plural forms and its digits", () => {
    expect(daysOverdueLabel(0, es)).toBe("vence hoy")
    expect(daysOverdueLabel(1, es)).toBe("1 día de retraso")
    expect(daysOverdueLabel(45, es)).toBe("45 días de retraso")
    expect(daysOverdueLabel(-7, es)).toBe("vence en 7 días")
    // Spanish has a third form for round millions ("1.000.000 de días")
    expect(daysOverdueLabel(1_000_000, es)).toBe("1.000.000 de días de retraso")
    expect(daysOverdueLabel(1, de)).toBe("1 Tag überfällig")
    expect(daysOverdueLabel(12_345, de)).toBe("12.345 Tage überfällig")
    // French counts 0 and 1.5 as singular; the dashboard's "ptBR" reads Brazilian Portuguese
    expect(formatDays(1.5, language("fr"))).toBe("1,5 jour")
    expect(daysOverdueLabel(2, language("ptBR"))).toBe("2 dias de atraso")
    expect(daysOverdueLabel(-1, language("ptPT"))).toBe("vence amanhã")
  })

  it("colours by age", () => {
    expect(overdueColor(-3)).toBe("green")
    expect(overdueColor(0)).toBe("green")
    expect(overdueColor(30)).toBe("orange")
    expect(overdueColor(31)).toBe("red")
  })
})

describe("figures", () => {
  it("rounds days to one decimal and says day or days", () => {
    expect(formatDays(12.345, en)).toBe("12.3 days")
    expect(formatDays(1, en)).toBe("1 day")
    expect(formatDays(null, en)).toBe("–")
    expect(formatDays(12.345, de)).toBe("12,3 Tage")
  })

  it("shows rates as percentages with one decimal, as the language writes them", () => {
    expect(formatPercent(0.8333, "en")).toBe("83.3%")
    expect(formatPercent(1, "en")).toBe("100%")
    expect(formatPercent(null, "en")).toBe("–")
    expect(formatPercent(0.8333, "de")).toBe("83,3 %")
  })

  it("names a user by full name, else by e-mail", () => {
    expect(userName({ first_name: "Avery", last_name: "Admin", email: "a@x.test" })).toBe("Avery Admin")
    expect(userName({ first_name: "Avery", last_name: null, email: "a@x.test" })).toBe("Avery")
    expect(userName({ first_name: null, last_name: null, email: "a@x.test" })).toBe("a@x.test")
  })

  it("turns API words into labels", () => {
    expect(humanize("claim_for_non_payment")).toBe("Claim for non payment")
    expect(humanize("left_voicemail")).toBe("Left voicemail")
  })

  it("names API values in the admin's language, and a value no translation knows yet by its words", () => {
    expect(enumLabel(en, "eventType", "claim_for_non_payment")).toBe("Claim for Non-Payment")
    expect(enumLabel(es, "eventType", "claim_for_non_payment")).toBe("Reclamación por impago")
    expect(enumLabel(de, "callOutcome", "left_voicemail")).toBe("Auf Mailbox gesprochen")
    expect(enumLabel(es, "eventType", "invoice_reissued")).toBe("Invoice reissued")
    expect(enumLabel(es, "runStatus", null)).toBe("–")
  })
})

describe("fieldErrors", () => {
  it("maps every 'field: message' part of a server error to its field", () => {
    expect(fieldErrors("promised_date: must be an ISO 8601 date; promised_currency_code: required with promised_amount")).toEqual({
      promised_date: "must be an ISO 8601 date",
      promised_currency_code: "required with promised_amount",
    })
    expect(fieldErrors("stages.1.subject_template: line 2: unclosed block")).toEqual({ stages: "line 2: unclosed block" })
    expect(fieldErrors("send at least one field to change")).toEqual({ _: "send at least one field to change" })
  })
})

describe("pathErrors", () => {
  it("keys policy problems by their full path and keeps the template line", () => {
    expect(
      pathErrors("stages.1.subject_template (line 2): unclosed block (close it with {{/if}}); tolerance_days: must be at most 365; oops", en)
    ).toEqual({
      "stages.1.subject_template": "line 2: unclosed block (close it with {{/if}})",
      tolerance_days: "must be at most 365",
      _: "oops",
    })
    expect(pathErrors("stages.0.body_html_template (line 3): unexpected end", es)).toEqual({ "stages.0.body_html_template": "línea 3: unexpected end" })
  })
})

describe("formatNextAction", () => {
  it("reads the next run's marker (the beginning of time) as the next run, and other moments as dates", () => {
    expect(formatNextAction("1970-01-01T00:00:00.000Z", en)).toBe("next run")
    expect(formatNextAction(new Date(0), en)).toBe("next run")
    expect(formatNextAction("2026-12-08T00:00:00.000Z", en)).toBe("Dec 8, 2026")
    expect(formatNextAction(null, en)).toBe("–")
    // as the API answers it: no date, due for the next run
    expect(formatNextAction(null, en, true)).toBe("next run")
    expect(formatNextAction("2026-12-08T00:00:00.000Z", es)).toBe("8 dic 2026")
    expect(formatNextAction(null, es, true)).toBe("próxima ejecución")
  })
})

describe("customerLabel", () => {
  it("names a customer by company, then name, then e-mail", () => {
    expect(customerLabel({ company_name: "Acme GmbH", name: "Ada Lovelace", email: "ada@acme.test" }, en)).toBe("Acme GmbH")
    expect(customerLabel({ company_name: null, name: "Ada Lovelace", email: "ada@acme.test" }, en)).toBe("Ada Lovelace")
    expect(customerLabel({ company_name: "", name: null, email: "ada@acme.test" }, en)).toBe("ada@acme.test")
    expect(customerLabel({ company_name: null, name: null, email: null }, en)).toBe("Unknown customer")
    expect(customerLabel({ company_name: null, name: null, email: null }, es)).toBe("Cliente desconocido")
  })
})

describe("agingBucketLabel", () => {
  it("names a bucket by its bounds, as the server's aging answers them", () => {
    expect(agingBucketLabel({ min_days: 0, max_days: 0 }, en)).toBe("Current (not yet overdue)")
    expect(agingBucketLabel({ min_days: 1, max_days: 30 }, en)).toBe("1–30 days overdue")
    expect(agingBucketLabel({ min_days: 121, max_days: null }, en)).toBe("More than 120 days overdue")
    expect(agingBucketLabel({ min_days: 31, max_days: 60 }, language("fr"))).toBe("31 à 60 jours de retard")
    expect(agingBucketLabel({ min_days: 121, max_days: null }, es)).toBe("Más de 120 días de retraso")
  })
})

describe("languageName", () => {
  it("names a translation's language in the admin's language, and leaves a tag it cannot read as it is", () => {
    expect(languageName("fr", "en")).toBe("French")
    expect(languageName("pt", "en")).toBe("Portuguese")
    expect(languageName("fr", "de")).toBe("Französisch")
    expect(languageName("nl", "es")).toBe("neerlandés")
    expect(languageName("not a tag", "en")).toBe("not a tag")
  })
})

describe("dashboardLocale", () => {
  it("turns the dashboard's language codes into the tags Intl reads", () => {
    expect(dashboardLocale("en")).toBe("en")
    expect(dashboardLocale("ptBR")).toBe("pt-BR")
    expect(dashboardLocale("enGB")).toBe("en-GB")
    expect(dashboardLocale("zhCN")).toBe("zh-CN")
    expect(dashboardLocale(undefined)).toBe("en")
    expect(dashboardLocale("not a language")).toBe("en")
  })
})
