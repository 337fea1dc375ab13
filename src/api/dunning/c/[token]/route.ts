import { pageRoute } from "../../collection-page/guard"
import { sendPage } from "../../collection-page/html"
import { loadPage } from "../../collection-page/load"
import { invoicesPage } from "../../collection-page/views"

/**
 * The customer's collection page, reached from the link in a notice: the open invoices with their holds,
 * what is owed per currency, pay and dispute per invoice, pay all, the statement and the promise form.
 * Outside /admin and /store: no session, no publishable key; the link's token is the only credential.
 */
export const GET = pageRoute(async (req, res, page) => {
  const view = await loadPage(req.scope, page)
  const form = page.dunning.signSelfServiceForm(page.token)
  const { title, body } = invoicesPage(view, page, form.token)
  sendPage(res, 200, page.strings, title, body)
})
