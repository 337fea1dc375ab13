import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createOrUpdateOrderPaymentCollectionWorkflow } from "@medusajs/medusa/core-flows"
import { prepareCustomerPaymentStep } from "../steps/prepare-customer-payment"
import { tagPaymentCollectionStep } from "../steps/tag-payment-collection"

export const receivablePaymentCollectionWorkflowId = "dunning-receivable-payment-collection"

export type ReceivablePaymentCollectionInput = { customer_id: string; receivable_id: string }

/**
 * The Medusa payment collection a customer pays an open invoice of an order through: the one the
 * customer already paid into (authorised, waiting for its capture), else Medusa's own collection for what
 * the order still owes (`createOrUpdateOrderPaymentCollectionWorkflow`: an unpaid one is brought up to
 * date, an authorised one from checkout — pay later — is replaced), marked as the receivable's.
 */
export const receivablePaymentCollectionWorkflow = createWorkflow(
  receivablePaymentCollectionWorkflowId,
  function (input: ReceivablePaymentCollectionInput) {
    const target = prepareCustomerPaymentStep(input)
    const made = when({ target }, ({ target }) => !target.paid_collection_id).then(() => {
      createOrUpdateOrderPaymentCollectionWorkflow.runAsStep({
        input: transform({ target }, ({ target }) => ({ order_id: target.order_id })),
      })
      return tagPaymentCollectionStep(transform({ target }, ({ target }) => ({ order_id: target.order_id, receivable_id: target.receivable_id })))
    })
    return new WorkflowResponse(
      transform({ target, made }, ({ target, made }) => ({
        payment_collection_id: (target.paid_collection_id ?? made) as string,
        order_id: target.order_id,
        already_paid: !!target.paid_collection_id,
      }))
    )
  }
)
