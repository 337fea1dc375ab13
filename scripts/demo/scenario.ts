/**
 * The cast of the demo, as plain data: a coffee and café-supplies wholesaler selling on net terms to
 * about fifty businesses in Europe (EUR) and North America (USD), its account reps, its products, its
 * dunning policies, and the persona of each business (how it pays). What they do day by day is in
 * ./story.ts. Everything random comes from one seeded generator, so every run tells the same story.
 */

export const STORE_NAME = "Northwind Coffee Supply"
export const MAIL_FROM = "Northwind Coffee Supply – Accounts Receivable <ar@northwind-coffee.test>"
export const COLLECTIONS_MANAGER = "collections@northwind-coffee.test"

export const ADMIN = { email: "admin@northwind-coffee.test", password: "demo-collections-2026" }

export const REPS = [
  { key: "dana", first_name: "Dana", last_name: "Whitfield", email: "dana.whitfield@northwind-coffee.test" },
  { key: "marco", first_name: "Marco", last_name: "Bellini", email: "marco.bellini@northwind-coffee.test" },
  { key: "priya", first_name: "Priya", last_name: "Raman", email: "priya.raman@northwind-coffee.test" },
] as const
export type RepKey = (typeof REPS)[number]["key"]

export type GroupKey = "distributors" | "key_accounts" | "retail" | "hospitality"

/** Customer groups with their default net terms (days) and how often a member orders (orders a month). */
export const GROUPS: Record<GroupKey, { name: string; terms_days: number; orders_per_month: number; order_scale: number }> = {
  distributors: { name: "Distributors", terms_days: 45, orders_per_month: 1.8, order_scale: 4 },
  key_accounts: { name: "Key accounts", terms_days: 60, orders_per_month: 2.0, order_scale: 3 },
  retail: { name: "Retail partners", terms_days: 30, orders_per_month: 0.75, order_scale: 1 },
  hospitality: { name: "Hospitality", terms_days: 14, orders_per_month: 0.9, order_scale: 0.7 },
}

/**
 * How a customer pays:
 * - prompt: on or just before the due date (sometimes after the friendly reminder);
 * - first_notice / second_notice: a few days after the first / second overdue notice about an invoice;
 * - promise: the rep calls after the first overdue notice, the customer promises a date and mostly keeps it;
 * - dispute: disputes one invoice of the first overdue notice, pays the rest, pays the disputed one once
 *   it is resolved;
 * - instalments: half after the first overdue notice, the rest after the second;
 * - never: does not pay; notices run out and the account is escalated to the rep;
 * - slipping: lets every invoice run into the overdue notices, promises the rep a date and does not keep it,
 *   pays ten business days after the date it promised (the risk chapter, ./risk.ts).
 */
/** Business days after the date it promised that a slipping customer pays. */
export const SLIPPING_PAYS_AFTER_PROMISE = 10

export type Persona = "prompt" | "first_notice" | "second_notice" | "promise" | "dispute" | "instalments" | "never" | "slipping"

export type CustomerSpec = {
  company: string
  first_name: string
  last_name: string
  domain: string
  country: string
  currency: "eur" | "usd"
  /** Also orders in the other currency now and then (a subsidiary abroad). */
  also?: "eur" | "usd"
  group: GroupKey
  persona: Persona
  rep: RepKey
  /** Terms agreed with this customer, overriding the group's. */
  terms_days?: number
  /** A second address in accounts payable. */
  cc_billing?: string
  /** The language of its notices (the collection profile's `preferred_language`). */
  language: string
}

/**
 * The language each country's customers read their notices in. Swedish is not one the plugin ships, so
 * the Stockholm customer reads the store's language (English).
 */
const LANGUAGE_OF_COUNTRY: Record<string, string> = {
  de: "de-DE",
  at: "de-AT",
  nl: "nl-NL",
  be: "fr-BE",
  fr: "fr-FR",
  es: "es-ES",
  it: "it-IT",
  ie: "en-IE",
  se: "sv-SE",
  us: "en-US",
  ca: "en-CA",
}

const c = (
  company: string,
  contact: string,
  domain: string,
  country: string,
  group: GroupKey,
  persona: Persona,
  rep: RepKey,
  extra: Partial<CustomerSpec> = {}
): CustomerSpec => {
  const [first_name, last_name] = contact.split(" ")
  const usd = country === "us" || country === "ca"
  return {
    company,
    first_name,
    last_name,
    domain,
    country,
    currency: usd ? "usd" : "eur",
    group,
    persona,
    rep,
    language: LANGUAGE_OF_COUNTRY[country] ?? "en-GB",
    ...extra,
  }
}

export const CUSTOMERS: CustomerSpec[] = [
  // distributors
  c("Rheinland Gastro Supply GmbH", "Katrin Vogel", "rheinland-gastro.test", "de", "distributors", "prompt", "marco", { also: "usd" }),
  c("Van Dijk Horeca Groothandel B.V.", "Pieter de Vries", "vandijk-horeca.test", "nl", "distributors", "first_notice", "marco"),
  c("Alpine Café Distribution AG", "Lukas Huber", "alpine-cafe.test", "at", "distributors", "prompt", "marco"),
  c("Lyon Boissons Distribution SARL", "Camille Girard", "lyon-boissons.test", "fr", "distributors", "second_notice", "marco"),
  c("Iberia Café Mayorista S.L.", "Javier Romero", "iberia-cafe.test", "es", "distributors", "promise", "marco"),
  c("Great Lakes Foodservice Inc.", "Megan Kowalski", "greatlakes-food.test", "us", "distributors", "prompt", "dana"),
  c("Pacific Coast Beverage Co.", "Ryan Tanaka", "pacific-beverage.test", "us", "distributors", "instalments", "dana"),
  c("Lone Star Restaurant Supply LLC", "Travis Whitaker", "lonestar-supply.test", "us", "distributors", "first_notice", "dana", { also: "eur" }),
  c("Hudson Valley Provisions Inc.", "Laura Bennett", "hudson-provisions.test", "us", "distributors", "slipping", "dana"),
  c("Nordsee Großhandel KG", "Jan Petersen", "nordsee-grosshandel.test", "de", "distributors", "dispute", "marco"),
  // key accounts
  c("Metro Office Catering GmbH", "Sabine Krüger", "metro-catering.test", "de", "key_accounts", "prompt", "marco", { cc_billing: "kreditoren" }),
  c("Eurolounge Services SA", "Amélie Dubois", "eurolounge.test", "be", "key_accounts", "second_notice", "marco"),
  c("Harbor Hotels Group", "Nathan Brooks", "harbor-hotels.test", "us", "key_accounts", "prompt", "dana", { cc_billing: "payables" }),
  c("Campus Dining Services Inc.", "Olivia Martinez", "campus-dining.test", "us", "key_accounts", "promise", "dana", { terms_days: 75 }),
  c("Brewline Coffeehouses Ltd", "Siobhan Byrne", "brewline.test", "ie", "key_accounts", "first_notice", "marco", { also: "usd" }),
  // retail partners
  c("Kaffeerösterei am Markt", "Thomas Berger", "roesterei-markt.test", "de", "retail", "prompt", "priya"),
  c("De Koffiehoek", "Sanne Jansen", "koffiehoek.test", "nl", "retail", "prompt", "priya"),
  c("La Maison du Thé", "Claire Fontaine", "maison-du-the.test", "fr", "retail", "first_notice", "priya"),
  c("Bottega del Caffè", "Giulia Conti", "bottega-caffe.test", "it", "retail", "prompt", "priya"),
  c("Wiener Kaffeehaus Bedarf", "Florian Maier", "kaffeehaus-bedarf.test", "at", "retail", "never", "priya"),
  c("Grindhouse Coffee Shop", "Emily Carter", "grindhouse.test", "us", "retail", "prompt", "priya"),
  c("Bean & Leaf Market", "Daniel Kim", "beanandleaf.test", "us", "retail", "second_notice", "priya"),
  c("Maple Street Grocers", "Hannah Lewis", "maplestreet.test", "ca", "retail", "prompt", "priya"),
  c("Copper Kettle Tea Co.", "Grace Thompson", "copperkettle.test", "us", "retail", "first_notice", "priya"),
  c("Sunrise Natural Foods", "Marcus Allen", "sunrise-natural.test", "us", "retail", "prompt", "priya"),
  c("Tostadero Madrid", "Lucía Navarro", "tostadero.test", "es", "retail", "dispute", "priya"),
  c("Kaffebaren Stockholm AB", "Erik Lindqvist", "kaffebaren.test", "se", "retail", "prompt", "priya"),
  c("Café Corner Brussels", "Lotte Peeters", "cafecorner.test", "be", "retail", "instalments", "priya", { language: "nl-BE" }),
  c("Mountain Roasters Supply", "Jake Morrison", "mountain-roasters.test", "us", "retail", "prompt", "priya"),
  c("Old Town Deli", "Rachel Green", "oldtown-deli.test", "us", "retail", "never", "priya"),
  c("Épicerie Fine Dupont", "Louis Dupont", "epicerie-dupont.test", "fr", "retail", "promise", "priya"),
  c("Hafenkontor Feinkost", "Anna Schulz", "hafenkontor.test", "de", "retail", "prompt", "priya"),
  c("Riverbend Market", "Chris Parker", "riverbend-market.test", "us", "retail", "first_notice", "priya"),
  c("Il Chicco d'Oro", "Marco Ricci", "chicco-oro.test", "it", "retail", "second_notice", "priya"),
  c("Northside Coffee Traders", "Ashley Young", "northside-coffee.test", "us", "retail", "prompt", "priya"),
  // hospitality
  c("Hotel Seeblick", "Markus Wagner", "hotel-seeblick.test", "de", "hospitality", "prompt", "priya"),
  c("Grand Café Amstel", "Femke Bakker", "grandcafe-amstel.test", "nl", "hospitality", "first_notice", "priya"),
  c("Brasserie du Port", "Julien Moreau", "brasserie-port.test", "fr", "hospitality", "prompt", "priya"),
  c("Trattoria Sole", "Francesca Greco", "trattoria-sole.test", "it", "hospitality", "never", "priya"),
  c("The Daily Grind Café", "Sophie Turner", "dailygrind.test", "us", "hospitality", "prompt", "dana"),
  c("Bluebird Diner", "Kevin Walsh", "bluebird-diner.test", "us", "hospitality", "second_notice", "dana"),
  c("Harborview Inn", "Megan Foster", "harborview-inn.test", "us", "hospitality", "promise", "dana"),
  c("Café Central Graz", "Stefan Gruber", "cafe-central-graz.test", "at", "hospitality", "prompt", "priya"),
  c("Skyline Rooftop Bar", "Jordan Reyes", "skyline-rooftop.test", "us", "hospitality", "first_notice", "dana"),
  c("Bistro Lumière", "Inès Laurent", "bistro-lumiere.test", "fr", "hospitality", "prompt", "priya", { terms_days: 21 }),
  c("Coastal Kitchen Catering", "Tyler Hughes", "coastal-kitchen.test", "us", "hospitality", "dispute", "dana"),
  c("Hotel Alpenrose", "Eva Hofer", "hotel-alpenrose.test", "at", "hospitality", "prompt", "priya"),
  c("Union Square Bakery", "Nicole Adams", "unionsq-bakery.test", "us", "hospitality", "instalments", "dana"),
  c("Canal House Café", "Lisa Smit", "canalhouse.test", "nl", "hospitality", "prompt", "priya"),
  c("Prairie Hotel & Suites", "Brandon Scott", "prairie-hotel.test", "us", "hospitality", "prompt", "dana"),
]

type StageTemplates = { subject_template?: string | null; body_html_template?: string | null; body_text_template?: string | null }
type StageSpec = StageTemplates & {
  name: string
  offset_days: number
  action: string
  tone: string
  repeats: boolean
  channel: string
  /** By language, as the admin API takes them. */
  translations?: Record<string, StageTemplates>
}

/**
 * The merchant's second policy, for distributors and key accounts: more grace, the collections manager
 * in copy, a final notice before credit hold, then escalation to the account rep. A stage without
 * templates uses those of the standard policy's stage of the same name, translations included; the final
 * notice is the merchant's own, written in the languages of its distributors and key accounts. Everyone
 * else is dunned by the plugin's standard policy.
 */
export const STRICT_POLICY = {
  groups: ["distributors", "key_accounts"] as GroupKey[],
  policy: {
    name: "Distributors and key accounts",
    is_default: false,
    enabled: true,
    priority: 10,
    tolerance_days: 7,
    resend_days: 7,
    max_notices: 5,
    max_contacts_per_30_days: 4,
    cc: [COLLECTIONS_MANAGER],
    bcc: null,
    reply_to: COLLECTIONS_MANAGER,
    timezone: "UTC",
    send_days: [1, 2, 3, 4, 5],
    send_hour_start: 8,
    send_hour_end: 18,
    channels: ["email"],
  },
  stages: [
    { name: "Due today", offset_days: 0, action: "send", tone: "neutral", repeats: false, channel: "email" },
    { name: "Notification of Overdue Invoices", offset_days: 7, action: "send", tone: "firm", repeats: true, channel: "email" },
    {
      name: "Final notice before credit hold",
      offset_days: 30,
      action: "send",
      tone: "final",
      repeats: false,
      channel: "email",
      subject_template: "Final notice: overdue invoices{{#if customer.company}} – {{customer.company}}{{/if}}",
      body_html_template: `<p>Dear {{customer.name}},</p>
<p>Despite our earlier notices, the invoices below are still unpaid. Unless we receive {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} and {{/unless}}{{/each}} within seven days, we will have to put your account on credit hold.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Pay all open invoices online</a></p>{{/if}}
<p>If you have already paid, or if something is wrong with an invoice, reply to this e-mail{{#if rep}} or call {{rep.name}}{{/if}}.</p>
<p>Kind regards,<br>{{store.name}} – Accounts Receivable</p>`,
      body_text_template: null,
      translations: {
        de: {
          subject_template: "Letzte Mahnung: überfällige Rechnungen{{#if customer.company}} – {{customer.company}}{{/if}}",
          body_html_template: `<p>Guten Tag {{customer.name}},</p>
<p>trotz unserer bisherigen Erinnerungen sind die unten aufgeführten Rechnungen noch immer offen. Sollten {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} und {{/unless}}{{/each}} nicht innerhalb von sieben Tagen bei uns eingehen, müssen wir Ihr Kundenkonto für weitere Bestellungen auf Rechnung sperren.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Alle offenen Rechnungen online bezahlen</a></p>{{/if}}
<p>Falls Sie bereits bezahlt haben oder mit einer Rechnung etwas nicht stimmt, antworten Sie bitte auf diese E-Mail{{#if rep}} oder rufen Sie {{rep.name}} an{{/if}}.</p>
<p>Mit freundlichen Grüßen<br>{{store.name}} – Debitorenbuchhaltung</p>`,
        },
        fr: {
          subject_template: "Dernière relance : factures échues impayées{{#if customer.company}} – {{customer.company}}{{/if}}",
          body_html_template: `<p>Bonjour {{customer.name}},</p>
<p>Malgré nos précédentes relances, les factures ci-dessous restent impayées. Sans règlement de {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} et {{/unless}}{{/each}} sous sept jours, nous serons contraints de bloquer votre compte pour toute nouvelle commande à paiement différé.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Régler en ligne toutes vos factures en attente</a></p>{{/if}}
<p>Si vous avez déjà réglé ces factures, ou si l'une d'elles vous semble erronée, merci de répondre à cet e-mail{{#if rep}} ou d'appeler {{rep.name}}{{/if}}.</p>
<p>Cordialement,<br>{{store.name}} – Service comptabilité clients</p>`,
        },
        es: {
          subject_template: "Último aviso: facturas vencidas{{#if customer.company}} – {{customer.company}}{{/if}}",
          body_html_template: `<p>Estimado/a {{customer.name}}:</p>
<p>A pesar de nuestros avisos anteriores, las facturas que figuran a continuación siguen pendientes de pago. Si no recibimos {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} y {{/unless}}{{/each}} en un plazo de siete días, nos veremos obligados a bloquear su cuenta para nuevos pedidos con pago aplazado.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Pagar en línea todas las facturas pendientes</a></p>{{/if}}
<p>Si ya ha realizado el pago o alguna factura no es correcta, responda a este correo{{#if rep}} o llame a {{rep.name}}{{/if}}.</p>
<p>Un cordial saludo,<br>{{store.name}} – Departamento de Cobros</p>`,
        },
        nl: {
          subject_template: "Laatste aanmaning: vervallen facturen{{#if customer.company}} – {{customer.company}}{{/if}}",
          body_html_template: `<p>Beste {{customer.name}},</p>
<p>Ondanks onze eerdere herinneringen zijn de onderstaande facturen nog altijd niet betaald. Als wij {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} en {{/unless}}{{/each}} niet binnen zeven dagen ontvangen, zijn wij genoodzaakt uw account te blokkeren voor nieuwe bestellingen op rekening.</p>
{{> invoiceTable}}
{{#if pay_all_url}}<p><a href="{{pay_all_url}}">Alle openstaande facturen online betalen</a></p>{{/if}}
<p>Hebt u al betaald, of klopt er iets niet aan een factuur? Beantwoord dan deze e-mail{{#if rep}} of bel {{rep.name}}{{/if}}.</p>
<p>Met vriendelijke groet,<br>{{store.name}} – Debiteurenadministratie</p>`,
        },
      },
    },
    { name: "Escalation to account rep", offset_days: 50, action: "escalate", tone: "final", repeats: false, channel: "email", subject_template: null, body_html_template: null, body_text_template: null },
  ] as Array<StageSpec>,
}

export type ProductSpec = { title: string; sku: string; eur: number; usd: number; max_quantity: number }

export const PRODUCTS: ProductSpec[] = [
  { title: "Espresso beans, house blend 6 kg", sku: "ESP-6KG", eur: 118.5, usd: 129.0, max_quantity: 24 },
  { title: "Filter roast, single origin 3 kg", sku: "FLT-3KG", eur: 74.9, usd: 82.0, max_quantity: 20 },
  { title: "Oat milk barista 12 × 1 l", sku: "OAT-12L", eur: 27.6, usd: 31.5, max_quantity: 40 },
  { title: "Paper cups 12 oz, 1,000 pcs", sku: "CUP-12OZ", eur: 64.0, usd: 69.0, max_quantity: 15 },
  { title: "Chai concentrate 6 × 1 l", sku: "CHAI-6L", eur: 43.2, usd: 47.5, max_quantity: 12 },
  { title: "Loose-leaf tea assortment 2 kg", sku: "TEA-2KG", eur: 58.0, usd: 63.0, max_quantity: 10 },
]

/** A small deterministic random number generator (mulberry32). */
export function randomSource(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  }
}
