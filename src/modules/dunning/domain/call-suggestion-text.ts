import { fillText, shippedLanguageOf, shippedText, type ShippedLanguage } from "../templates/shipped-text"
import type { CallSuggestion, SuggestionCode } from "./call-suggestion"

/**
 * A suggestion from the customer's pattern as the rep reads it in an escalation's note, in the store's
 * language (the admin renders the call list's suggestions from their code in the admin user's language).
 * "call_now" is the sentence escalations always had (`rep_notes.next_step`).
 */
type PatternCode = Exclude<SuggestionCode, "call_now">

const SENTENCES: Record<ShippedLanguage, Record<PatternCode, string>> = {
  en: {
    email_bounced: "e-mail bounced {count} times: use the phone number",
    broken_promises: "broke {count} promises in {days} days: ask for a partial payment today",
    disputes_often: "disputes one invoice in {every}: check the order before calling",
    call_early: "usually pays {days} days after notice {notice}: a call now is early",
  },
  es: {
    email_bounced: "el correo rebotó {count} veces: llame por teléfono",
    broken_promises: "incumplió {count} promesas en {days} días: pida hoy un pago parcial",
    disputes_often: "disputa una factura de cada {every}: revise el pedido antes de llamar",
    call_early: "suele pagar {days} días después del aviso {notice}: llamar ahora es pronto",
  },
  de: {
    email_bounced: "E-Mail {count}-mal unzustellbar: rufen Sie an",
    broken_promises: "{count} Zahlungszusagen in {days} Tagen gebrochen: bitten Sie heute um eine Teilzahlung",
    disputes_often: "beanstandet jede {every}. Rechnung: prüfen Sie die Bestellung vor dem Anruf",
    call_early: "zahlt meist {days} Tage nach Mahnung {notice}: ein Anruf ist jetzt zu früh",
  },
  fr: {
    email_bounced: "e-mail revenu {count} fois : utilisez le téléphone",
    broken_promises: "{count} promesses non tenues en {days} jours : demandez un paiement partiel aujourd'hui",
    disputes_often: "conteste une facture sur {every} : vérifiez la commande avant d'appeler",
    call_early: "paie d'habitude {days} jours après la relance {notice} : appeler maintenant est prématuré",
  },
  pt: {
    email_bounced: "o e-mail foi devolvido {count} vezes: use o telefone",
    broken_promises: "quebrou {count} promessas em {days} dias: peça hoje um pagamento parcial",
    disputes_often: "contesta uma fatura em cada {every}: verifique a encomenda antes de ligar",
    call_early: "costuma pagar {days} dias após o aviso {notice}: ligar agora é cedo",
  },
  it: {
    email_bounced: "e-mail respinta {count} volte: usate il telefono",
    broken_promises: "{count} promesse non mantenute in {days} giorni: chiedete oggi un pagamento parziale",
    disputes_often: "contesta una fattura su {every}: controllate l'ordine prima di chiamare",
    call_early: "di solito paga {days} giorni dopo il sollecito {notice}: chiamare ora è presto",
  },
  nl: {
    email_bounced: "e-mail {count} keer onbestelbaar: gebruik het telefoonnummer",
    broken_promises: "{count} betalingsbeloftes gebroken in {days} dagen: vraag vandaag om een deelbetaling",
    disputes_often: "betwist één op de {every} facturen: controleer de bestelling voor u belt",
    call_early: "betaalt meestal {days} dagen na herinnering {notice}: nu bellen is te vroeg",
  },
}

/** The sentence of a suggestion in a language (English when the plugin ships none for it). */
export function suggestionText(suggestion: CallSuggestion, language: string | null | undefined): string {
  const lang = shippedLanguageOf(language) ?? "en"
  if (suggestion.code === "call_now") {
    const notes = shippedText(lang).rep_notes
    return suggestion.params.long_overdue ? notes.next_step_long_overdue : notes.next_step
  }
  return fillText(SENTENCES[lang][suggestion.code], suggestion.params)
}
