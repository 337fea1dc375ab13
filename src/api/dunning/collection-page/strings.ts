/**
 * What the collection page says, in the languages it speaks: English, German, French and Spanish. The
 * page speaks the customer's language as the notices do (the collection profile's, else that of the last
 * notice), falling back from "de-AT" to "de" and then to English. Values put into these texts are escaped
 * by the page, never here.
 */
export type PageStrings = {
  lang: string
  title: string
  heading: (who: string) => string
  youOwe: string
  nothingOpen: string
  columns: { invoice: string; issued: string; due: string; overdue: string; outstanding: string; status: string; actions: string }
  overdue: (days: number | null) => string
  status: { promised: (date: string) => string; disputed: string; heldUntil: (date: string) => string; held: string; open: string }
  pay: string
  payAll: string
  dispute: string
  statement: string
  moreNotShown: (count: number) => string
  promise: { heading: string; date: string; dateHint: (first: string, last: string) => string; amount: string; currency: string; note: string; submit: string }
  disputeForm: { heading: (invoice: string) => string; reason: string; reasonHint: string; submit: string }
  payForm: { heading: string; invoices: string; with: string; submit: string; system: string }
  done: { promise: (date: string) => string; dispute: (invoice: string) => string; paid: string; pending: string }
  back: string
  contact: (rep: string | null) => string
  errors: { link: { title: string; body: string }; form: string; tooMany: (seconds: number) => string; problem: string; check: string }
}

const en: PageStrings = {
  lang: "en",
  title: "Your open invoices",
  heading: (who) => `Open invoices of ${who}`,
  youOwe: "You owe",
  nothingOpen: "You have no open invoices. Thank you!",
  columns: { invoice: "Invoice", issued: "Issued", due: "Due", overdue: "Overdue", outstanding: "Outstanding", status: "Status", actions: "Actions" },
  overdue: (days) => (days === null ? "awaiting shipment" : days > 0 ? `${days} ${days === 1 ? "day" : "days"} overdue` : days === 0 ? "due today" : `due in ${-days} days`),
  status: {
    promised: (date) => `payment promised by ${date}`,
    disputed: "disputed",
    heldUntil: (date) => `on hold until ${date}`,
    held: "on hold",
    open: "open",
  },
  pay: "Pay",
  payAll: "Pay all open invoices",
  dispute: "Dispute",
  statement: "Download a statement of your open invoices (CSV)",
  moreNotShown: (count) => `… and ${count} more open invoices, listed in the statement.`,
  promise: {
    heading: "I will pay by …",
    date: "Payment date",
    dateHint: (first, last) => `Between ${first} and ${last}. We will not send reminders about these invoices until then.`,
    amount: "Amount (optional)",
    currency: "Currency",
    note: "Note (optional)",
    submit: "Send my promise",
  },
  disputeForm: {
    heading: (invoice) => `Dispute invoice ${invoice}`,
    reason: "What is wrong with this invoice?",
    reasonHint: "At most 1,000 characters. Your account manager will contact you.",
    submit: "Send my dispute",
  },
  payForm: { heading: "Pay online", invoices: "Invoices", with: "Pay with", submit: "Pay now", system: "Bank transfer or invoice (confirmed when the money arrives)" },
  done: {
    promise: (date) => `Thank you. We have noted that you will pay by ${date}, and will not send reminders about these invoices until then.`,
    dispute: (invoice) => `Thank you. We have noted your dispute of invoice ${invoice}. Your account manager will contact you; until then we send no reminders about it.`,
    paid: "Thank you. Your payment is registered; the invoice shows as paid once the money has arrived.",
    pending: "Your payment needs one more step with the payment provider. Please follow their instructions, or contact us.",
  },
  back: "Back to your invoices",
  contact: (rep) => (rep ? `Questions? Contact ${rep}, or reply to our e-mail.` : "Questions? Reply to our e-mail."),
  errors: {
    link: {
      title: "This link does not work",
      body: "The link may have expired or been replaced by a newer one. Please use the link in our latest e-mail, or reply to that e-mail.",
    },
    form: "This form has expired or did not come from this page. Please open the page again and send it once more.",
    tooMany: (seconds) => `Too many requests. Please wait ${seconds} seconds and try again.`,
    problem: "Something went wrong on our side. Please try again later.",
    check: "Please check your entry:",
  },
}

const de: PageStrings = {
  lang: "de",
  title: "Ihre offenen Rechnungen",
  heading: (who) => `Offene Rechnungen von ${who}`,
  youOwe: "Offener Betrag",
  nothingOpen: "Sie haben keine offenen Rechnungen. Vielen Dank!",
  columns: { invoice: "Rechnung", issued: "Ausgestellt", due: "Fällig", overdue: "Überfällig", outstanding: "Offen", status: "Status", actions: "Aktionen" },
  overdue: (days) => (days === null ? "wartet auf Versand" : days > 0 ? `${days} ${days === 1 ? "Tag" : "Tage"} überfällig` : days === 0 ? "heute fällig" : `fällig in ${-days} Tagen`),
  status: {
    promised: (date) => `Zahlung zugesagt bis ${date}`,
    disputed: "beanstandet",
    heldUntil: (date) => `pausiert bis ${date}`,
    held: "pausiert",
    open: "offen",
  },
  pay: "Bezahlen",
  payAll: "Alle offenen Rechnungen bezahlen",
  dispute: "Beanstanden",
  statement: "Kontoauszug Ihrer offenen Rechnungen herunterladen (CSV)",
  moreNotShown: (count) => `… und ${count} weitere offene Rechnungen, aufgeführt im Kontoauszug.`,
  promise: {
    heading: "Ich zahle bis …",
    date: "Zahlungsdatum",
    dateHint: (first, last) => `Zwischen ${first} und ${last}. Bis dahin erhalten Sie zu diesen Rechnungen keine Erinnerungen.`,
    amount: "Betrag (optional)",
    currency: "Währung",
    note: "Notiz (optional)",
    submit: "Zusage senden",
  },
  disputeForm: {
    heading: (invoice) => `Rechnung ${invoice} beanstanden`,
    reason: "Was stimmt mit dieser Rechnung nicht?",
    reasonHint: "Höchstens 1.000 Zeichen. Ihr Ansprechpartner meldet sich bei Ihnen.",
    submit: "Beanstandung senden",
  },
  payForm: { heading: "Online bezahlen", invoices: "Rechnungen", with: "Bezahlen mit", submit: "Jetzt bezahlen", system: "Überweisung oder Rechnung (bestätigt bei Zahlungseingang)" },
  done: {
    promise: (date) => `Vielen Dank. Wir haben notiert, dass Sie bis ${date} zahlen, und senden bis dahin keine Erinnerungen zu diesen Rechnungen.`,
    dispute: (invoice) => `Vielen Dank. Wir haben Ihre Beanstandung der Rechnung ${invoice} notiert. Ihr Ansprechpartner meldet sich; bis dahin erhalten Sie dazu keine Erinnerungen.`,
    paid: "Vielen Dank. Ihre Zahlung ist registriert; die Rechnung gilt als bezahlt, sobald das Geld eingegangen ist.",
    pending: "Ihre Zahlung braucht noch einen Schritt beim Zahlungsanbieter. Bitte folgen Sie dessen Anweisungen oder kontaktieren Sie uns.",
  },
  back: "Zurück zu Ihren Rechnungen",
  contact: (rep) => (rep ? `Fragen? Wenden Sie sich an ${rep} oder antworten Sie auf unsere E-Mail.` : "Fragen? Antworten Sie einfach auf unsere E-Mail."),
  errors: {
    link: {
      title: "Dieser Link funktioniert nicht",
      body: "Der Link ist womöglich abgelaufen oder wurde durch einen neueren ersetzt. Bitte nutzen Sie den Link aus unserer letzten E-Mail oder antworten Sie auf diese E-Mail.",
    },
    form: "Dieses Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte öffnen Sie die Seite erneut und senden Sie es noch einmal.",
    tooMany: (seconds) => `Zu viele Anfragen. Bitte warten Sie ${seconds} Sekunden und versuchen Sie es erneut.`,
    problem: "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.",
    check: "Bitte prüfen Sie Ihre Eingabe:",
  },
}

const fr: PageStrings = {
  lang: "fr",
  title: "Vos factures ouvertes",
  heading: (who) => `Factures ouvertes de ${who}`,
  youOwe: "Montant dû",
  nothingOpen: "Vous n'avez aucune facture ouverte. Merci !",
  columns: { invoice: "Facture", issued: "Émise le", due: "Échéance", overdue: "Retard", outstanding: "Restant dû", status: "Statut", actions: "Actions" },
  overdue: (days) => (days === null ? "en attente d'expédition" : days > 0 ? `${days} ${days === 1 ? "jour" : "jours"} de retard` : days === 0 ? "échéance aujourd'hui" : `échéance dans ${-days} jours`),
  status: {
    promised: (date) => `paiement promis pour le ${date}`,
    disputed: "contestée",
    heldUntil: (date) => `suspendue jusqu'au ${date}`,
    held: "suspendue",
    open: "ouverte",
  },
  pay: "Payer",
  payAll: "Payer toutes les factures ouvertes",
  dispute: "Contester",
  statement: "Télécharger un relevé de vos factures ouvertes (CSV)",
  moreNotShown: (count) => `… et ${count} autres factures ouvertes, listées dans le relevé.`,
  promise: {
    heading: "Je paierai le …",
    date: "Date de paiement",
    dateHint: (first, last) => `Entre le ${first} et le ${last}. Nous n'enverrons pas de relance pour ces factures d'ici là.`,
    amount: "Montant (facultatif)",
    currency: "Devise",
    note: "Remarque (facultative)",
    submit: "Envoyer mon engagement",
  },
  disputeForm: {
    heading: (invoice) => `Contester la facture ${invoice}`,
    reason: "Qu'est-ce qui ne va pas avec cette facture ?",
    reasonHint: "1 000 caractères au plus. Votre interlocuteur vous contactera.",
    submit: "Envoyer ma contestation",
  },
  payForm: { heading: "Payer en ligne", invoices: "Factures", with: "Payer par", submit: "Payer maintenant", system: "Virement ou facture (confirmé à réception des fonds)" },
  done: {
    promise: (date) => `Merci. Nous avons noté que vous paierez le ${date} et n'enverrons pas de relance pour ces factures d'ici là.`,
    dispute: (invoice) => `Merci. Nous avons noté votre contestation de la facture ${invoice}. Votre interlocuteur vous contactera ; d'ici là, aucune relance à ce sujet.`,
    paid: "Merci. Votre paiement est enregistré ; la facture apparaîtra payée dès réception des fonds.",
    pending: "Votre paiement demande encore une étape auprès du prestataire de paiement. Suivez ses instructions ou contactez-nous.",
  },
  back: "Retour à vos factures",
  contact: (rep) => (rep ? `Des questions ? Contactez ${rep} ou répondez à notre e-mail.` : "Des questions ? Répondez simplement à notre e-mail."),
  errors: {
    link: {
      title: "Ce lien ne fonctionne pas",
      body: "Le lien a peut-être expiré ou été remplacé par un plus récent. Utilisez le lien de notre dernier e-mail, ou répondez à cet e-mail.",
    },
    form: "Ce formulaire a expiré ou ne provient pas de cette page. Ouvrez de nouveau la page et renvoyez-le.",
    tooMany: (seconds) => `Trop de requêtes. Patientez ${seconds} secondes puis réessayez.`,
    problem: "Une erreur s'est produite de notre côté. Réessayez plus tard.",
    check: "Vérifiez votre saisie :",
  },
}

const es: PageStrings = {
  lang: "es",
  title: "Sus facturas pendientes",
  heading: (who) => `Facturas pendientes de ${who}`,
  youOwe: "Importe pendiente",
  nothingOpen: "No tiene facturas pendientes. ¡Gracias!",
  columns: { invoice: "Factura", issued: "Emitida", due: "Vence", overdue: "Retraso", outstanding: "Pendiente", status: "Estado", actions: "Acciones" },
  overdue: (days) => (days === null ? "pendiente de envío" : days > 0 ? `${days} ${days === 1 ? "día" : "días"} de retraso` : days === 0 ? "vence hoy" : `vence en ${-days} días`),
  status: {
    promised: (date) => `pago prometido para el ${date}`,
    disputed: "reclamada",
    heldUntil: (date) => `en pausa hasta el ${date}`,
    held: "en pausa",
    open: "pendiente",
  },
  pay: "Pagar",
  payAll: "Pagar todas las facturas pendientes",
  dispute: "Reclamar",
  statement: "Descargar un extracto de sus facturas pendientes (CSV)",
  moreNotShown: (count) => `… y ${count} facturas pendientes más, incluidas en el extracto.`,
  promise: {
    heading: "Pagaré el …",
    date: "Fecha de pago",
    dateHint: (first, last) => `Entre el ${first} y el ${last}. Hasta entonces no enviaremos recordatorios de estas facturas.`,
    amount: "Importe (opcional)",
    currency: "Moneda",
    note: "Nota (opcional)",
    submit: "Enviar mi compromiso",
  },
  disputeForm: {
    heading: (invoice) => `Reclamar la factura ${invoice}`,
    reason: "¿Qué problema tiene esta factura?",
    reasonHint: "Como máximo 1.000 caracteres. Su gestor se pondrá en contacto con usted.",
    submit: "Enviar mi reclamación",
  },
  payForm: { heading: "Pagar en línea", invoices: "Facturas", with: "Pagar con", submit: "Pagar ahora", system: "Transferencia o factura (confirmado al recibir el dinero)" },
  done: {
    promise: (date) => `Gracias. Hemos anotado que pagará el ${date} y no enviaremos recordatorios de estas facturas hasta entonces.`,
    dispute: (invoice) => `Gracias. Hemos anotado su reclamación de la factura ${invoice}. Su gestor se pondrá en contacto; mientras tanto no enviaremos recordatorios sobre ella.`,
    paid: "Gracias. Su pago está registrado; la factura figurará como pagada cuando recibamos el dinero.",
    pending: "Su pago necesita un paso más con el proveedor de pagos. Siga sus instrucciones o contáctenos.",
  },
  back: "Volver a sus facturas",
  contact: (rep) => (rep ? `¿Preguntas? Contacte con ${rep} o responda a nuestro correo.` : "¿Preguntas? Responda a nuestro correo."),
  errors: {
    link: {
      title: "Este enlace no funciona",
      body: "Puede que el enlace haya caducado o se haya sustituido por uno más reciente. Use el enlace de nuestro último correo o responda a ese correo.",
    },
    form: "Este formulario ha caducado o no procede de esta página. Abra la página de nuevo y envíelo otra vez.",
    tooMany: (seconds) => `Demasiadas solicitudes. Espere ${seconds} segundos e inténtelo de nuevo.`,
    problem: "Algo ha fallado por nuestra parte. Inténtelo más tarde.",
    check: "Revise lo que ha introducido:",
  },
}

const LANGUAGES: Record<string, PageStrings> = { en, de, fr, es }

/** The page's texts for a BCP 47 language ("de-AT" → German), English when it speaks no such language. */
export function stringsFor(language: string | null | undefined): PageStrings {
  const base = (language ?? "").toLowerCase().split(/[-_]/)[0]
  return Object.prototype.hasOwnProperty.call(LANGUAGES, base) ? LANGUAGES[base] : en
}

/** The first language of an Accept-Language header the page speaks (for pages shown before the customer is known). */
export function acceptedLanguage(header: string | undefined): string | null {
  for (const part of (header ?? "").slice(0, 200).split(",")) {
    const tag = part.split(";")[0].trim().toLowerCase().split("-")[0]
    if (Object.prototype.hasOwnProperty.call(LANGUAGES, tag)) {
      return tag
    }
  }
  return null
}
