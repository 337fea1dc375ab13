import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../../../modules/dunning"
import { moneyProblem } from "../../../../../../modules/dunning/domain/currency"
import type DunningModuleService from "../../../../../../modules/dunning/service"
import { applyPaymentsWorkflow } from "../../../../../../workflows/payments/workflows/apply-payments"
import { notFound } from "../../../not-found"
import { actorOf, requestNow } from "../../../time-travel"
import { presentPayment, presentReceivable, readFields } from "../../presenter"
import type { AdminCreateReceivablePaymentType } from "../../validators"

/**
 * Books a payment from an ERP or a bank statement on a receivable. `external_ref` makes it idempotent:
 * sending the same payment again answers 200 with the receivable as it is and the payment as booked the
 * first time (in the same shape), and books nothing.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateReceivablePaymentType>,
  res: MedusaResponse
) => {
  const body = req.validatedBody
  const at = requestNow(req, body.now)
  const source = body.source ?? "erp"
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [receivable] = await dunning.listReceivables({ id: req.params.id }, { take: 1 })
  if (!receivable) {
    throw notFound("receivable", req.params.id)
  }
  const [booked] = await dunning.listReceivablePayments({ source, external_ref: body.external_ref }, { take: 1 })
  if (booked) {
    if (booked.receivable_id !== receivable.id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `external_ref: payment '${body.external_ref}' from '${source}' is already booked on receivable ${booked.receivable_id}`
      )
    }
    return res.status(200).json({
      receivable: await reread(req),
      payment: presentPayment(booked as any, { currency_code: receivable.currency_code, source, external_ref: body.external_ref }),
      replayed: true,
    })
  }
  if (body.currency_code && body.currency_code !== receivable.currency_code) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `currency_code: the receivable is in ${receivable.currency_code.toUpperCase()}, not ${body.currency_code.toUpperCase()}`
    )
  }
  if (receivable.status === "void") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "the receivable is void; re-open it before booking payments on it")
  }
  const scale = moneyProblem(body.amount, { currency_code: receivable.currency_code })
  if (scale) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `amount: ${scale}`)
  }
  const raw = receivable as unknown as { raw_amount?: { value: string }; raw_amount_paid?: { value: string } }
  const outstanding = MathBN.sub(raw.raw_amount?.value ?? receivable.amount, raw.raw_amount_paid?.value ?? receivable.amount_paid)
  if (MathBN.gt(body.amount, outstanding)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `amount: ${body.amount} is more than the outstanding ${outstanding.toString()} ${receivable.currency_code.toUpperCase()}`
    )
  }
  const { result } = await applyPaymentsWorkflow(req.scope).run({
    input: {
      entries: [
        {
          receivable_id: receivable.id,
          kind: "payment",
          amount: String(body.amount),
          currency_code: receivable.currency_code,
          paid_at: body.paid_at ?? at,
          source,
          external_ref: body.external_ref,
          metadata: body.note ? { note: body.note } : null,
        },
      ],
      author: actorOf(req),
      now: at,
    },
  })
  const created = result.change.created[0]
  res.status(201).json({
    receivable: await reread(req),
    payment: created ? presentPayment(created, { currency_code: receivable.currency_code, source, external_ref: body.external_ref }) : null,
    replayed: false,
  })
}

async function reread(req: AuthenticatedMedusaRequest<any>) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "receivable", fields: readFields(req.queryConfig.fields), filters: { id: req.params.id } })
  return presentReceivable(data[0], req.queryConfig.fields)
}
