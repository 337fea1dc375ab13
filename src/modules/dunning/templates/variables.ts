import { CONTEXT_LIMITS } from "./context"
import { INVOICE_TABLE_PARTIAL } from "./partials"

const L = CONTEXT_LIMITS

/**
 * The reference shown next to the template editor and in the README: every variable, helper, block
 * and the partial, each with a snippet that works as written. A unit test renders all snippets
 * together against the sample notice, so the reference cannot drift from what the engine accepts.
 * Names inside a list are written `receivables[].number`; in a template they are used between
 * `{{#each receivables}}` and `{{/each}}`. Values are bounded (see CONTEXT_LIMITS): names at 200
 * characters, e-mails at 254, phone numbers at 64, invoice numbers at 100, longer text is cut; links
 * longer than 1,024 characters are left out; a notice lists at most 50 invoices.
 */
export const TEMPLATE_VARIABLES: Array<{ name: string; description: string; example: string }> = [
  // the notice
  { name: "now", description: "The moment the notice is rendered (ISO 8601). Format it with the date helper.", example: "{{date now}}" },
  { name: "locale", description: "The language the notice is written in (BCP-47, e.g. \"de-AT\"): the customer's when the stage speaks it, else the store's; money, dates and numbers are formatted in it.", example: "{{locale}}" },
  { name: "timezone", description: "The store's timezone (IANA, e.g. \"Europe/Berlin\"); dates are read on its calendar.", example: "{{timezone}}" },
  { name: "store.name", description: "The store's name.", example: "{{store.name}}" },
  { name: "store.email", description: "The store's contact e-mail; may be empty.", example: "{{#if store.email}}{{store.email}}{{/if}}" },
  { name: "store.phone", description: "The store's phone number; may be empty.", example: "{{#if store.phone}}{{store.phone}}{{/if}}" },
  { name: "customer.id", description: "The customer's id.", example: "{{customer.id}}" },
  { name: "customer.name", description: `The contact person's name (at most ${L.name} characters, as every name here).`, example: "Dear {{customer.name}}," },
  { name: "customer.company", description: "The company name; may be empty.", example: "{{#if customer.company}}{{customer.company}}{{/if}}" },
  { name: "customer.email", description: "The customer's e-mail; may be empty.", example: "{{#if customer.email}}{{customer.email}}{{/if}}" },
  // the invoices
  {
    name: "receivables",
    description: `The invoices this notice is about (those due for a reminder, and every other overdue one), oldest due date first, at most ${L.listedReceivables} of them (see receivables_not_listed). Loop over it with #each, or use the invoiceTable partial.`,
    example: "{{#each receivables}}{{number}}{{#unless @last}}, {{/unless}}{{/each}}",
  },
  { name: "receivables[].id", description: "The receivable's id.", example: "{{#each receivables}}{{id}}{{/each}}" },
  { name: "receivables[].number", description: "The invoice number.", example: "{{#each receivables}}{{number}}{{/each}}" },
  { name: "receivables[].currency_code", description: "Lower-case ISO currency code, e.g. \"eur\".", example: "{{#each receivables}}{{upper currency_code}}{{/each}}" },
  { name: "receivables[].amount", description: "The invoice amount (a decimal string; format it with money).", example: "{{#each receivables}}{{money amount currency_code}}{{/each}}" },
  { name: "receivables[].amount_paid", description: "The amount paid so far.", example: "{{#each receivables}}{{money amount_paid currency_code}}{{/each}}" },
  { name: "receivables[].outstanding", description: "The amount still open.", example: "{{#each receivables}}{{money outstanding currency_code}}{{/each}}" },
  { name: "receivables[].issued_at", description: "The issue date (ISO 8601).", example: "{{#each receivables}}{{date issued_at}}{{/each}}" },
  { name: "receivables[].due_at", description: "The due date (ISO 8601).", example: "{{#each receivables}}{{date due_at format=\"long\"}}{{/each}}" },
  { name: "receivables[].days_overdue", description: "Calendar days past the due date when the notice was planned (0 if not yet due).", example: "{{#each receivables}}{{days_overdue}}{{/each}}" },
  {
    name: "receivables[].pay_url",
    description: `A link to pay this invoice online; may be empty (also when longer than ${L.link} characters).`,
    example: "{{#each receivables}}{{#if pay_url}}<a href=\"{{pay_url}}\">Pay {{number}}</a>{{/if}}{{/each}}",
  },
  {
    name: "receivables_not_listed",
    description: `How many more open invoices the notice is about than it lists: a notice lists at most ${L.listedReceivables} (the totals count them all). 0 when every invoice is listed; the invoiceTable partial says so under its rows.`,
    example: "{{#if receivables_not_listed}}… and {{receivables_not_listed}} more open invoices{{/if}}",
  },
  {
    name: "totals",
    description: "The outstanding total per currency (amounts in different currencies are never added up).",
    example: "{{#each totals}}{{money outstanding currency_code}}{{#unless @last}} and {{/unless}}{{/each}}",
  },
  { name: "totals[].currency_code", description: "Lower-case ISO currency code.", example: "{{#each totals}}{{upper currency_code}}{{/each}}" },
  { name: "totals[].outstanding", description: "The total still open in this currency.", example: "{{#each totals}}{{money outstanding currency_code}}{{/each}}" },
  { name: "totals[].count", description: "How many invoices are open in this currency.", example: "{{#each totals}}{{count}}{{/each}}" },
  // the dunning process
  { name: "stage.name", description: "The name of the dunning stage sending this notice.", example: "{{stage.name}}" },
  { name: "stage.tone", description: "The stage's tone: friendly, neutral, firm or final.", example: "{{stage.tone}}" },
  { name: "stage.position", description: "The stage's position in the policy (1 = first).", example: "{{stage.position}}" },
  { name: "stage.offset_days", description: "Days from the due date the stage starts at (negative = before).", example: "{{stage.offset_days}}" },
  {
    name: "days_since_first_notice",
    description: "Days since the first notice about these invoices; empty for the first notice.",
    example: "{{#if days_since_first_notice}}first reminded {{days_since_first_notice}} days ago{{/if}}",
  },
  { name: "notices_sent", description: "How many notices were sent about these invoices before this one.", example: "{{notices_sent}}" },
  { name: "rep", description: "The customer's account rep; may be empty, so use it inside {{#if rep}}.", example: "{{#if rep}}Your contact: {{rep.name}}{{/if}}" },
  { name: "rep.name", description: "The rep's name.", example: "{{#if rep}}{{rep.name}}{{/if}}" },
  { name: "rep.email", description: "The rep's e-mail; may be empty.", example: "{{#if rep}}{{#if rep.email}}{{rep.email}}{{/if}}{{/if}}" },
  { name: "rep.phone", description: "The rep's phone number; may be empty.", example: "{{#if rep}}{{#if rep.phone}}{{rep.phone}}{{/if}}{{/if}}" },
  {
    name: "pay_all_url",
    description: "A link to pay all open invoices at once; may be empty.",
    example: "{{#if pay_all_url}}<a href=\"{{pay_all_url}}\">Pay all open invoices</a>{{/if}}",
  },
  {
    name: "collection_page_url",
    description:
      "A link to the customer's collection page: their open invoices, where they can pay, promise a payment date, dispute an invoice or download a statement. Signed for this customer when the notice is sent and valid for selfService.linkTtlDays days; empty while the page is off.",
    example: "{{#if collection_page_url}}<a href=\"{{collection_page_url}}\">View your invoices and answer online</a>{{/if}}",
  },
  // helpers, blocks and the partial
  {
    name: "money",
    description: "Formats an amount in its currency in the notice's language: {{money amount currency_code}}.",
    example: "{{#each totals}}{{money outstanding currency_code}}{{/each}}",
  },
  {
    name: "date",
    description: "Formats a date in the store's timezone in the notice's language; format=\"short\", \"medium\" (default) or \"long\".",
    example: "{{date now format=\"long\"}}",
  },
  {
    name: "daysOverdue",
    description: "Calendar days from a due date to now in the store's timezone (0 if not yet due).",
    example: "{{#each receivables}}{{daysOverdue due_at}}{{/each}}",
  },
  { name: "upper", description: "Upper-cases a value in the notice's language.", example: "{{upper store.name}}" },
  { name: "lower", description: "Lower-cases a value in the notice's language.", example: "{{lower stage.tone}}" },
  { name: "#if / else", description: "Shows a part only when a value is there (not empty, not 0).", example: "{{#if customer.company}}{{customer.company}}{{else}}{{customer.name}}{{/if}}" },
  { name: "#unless", description: "Shows a part only when a value is empty.", example: "{{#unless rep}}Reply to this e-mail with any questions.{{/unless}}" },
  { name: "#each", description: "Repeats a part for each invoice or total; inside it @index, @first and @last are available.", example: "{{#each receivables}}{{#if @first}}First: {{/if}}{{number}}{{/each}}" },
  { name: "#with", description: "Shortens paths inside a part.", example: "{{#with customer}}{{name}}{{/with}}" },
  { name: "@root", description: "The top of the notice, for use inside #each or #with.", example: "{{#each receivables}}{{number}} ({{@root.customer.name}}){{/each}}" },
  {
    name: INVOICE_TABLE_PARTIAL,
    description: "A ready table of the notice's invoices (number, dates, days overdue, outstanding, pay link) with a total per currency; plain text in the text body. Body only.",
    example: `{{> ${INVOICE_TABLE_PARTIAL}}}`,
  },
]
