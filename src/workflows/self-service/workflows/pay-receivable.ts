import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, authorizePaymentSessionStep, createPaymentSessionsWorkflow, releaseLockStep } from "@medusajs/medusa/core-flows"
import { receivablePaymentCollectionWorkflow } from "./receivable-payment-collection"

export const payReceivableWorkflowId = "dunning-pay-receivable"

export type PayReceivableInput = { customer_id: string; receivable_id: string; provider_id: string }

/**
 * The customer pays an open invoice of an order from the collection page, through Medusa's payment
 * module: the receivable's payment collection (see `receivablePaymentCollectionWorkflow`), a payment
 * session with the provider the customer chose, and its authorisation. When the merchant (or the
 * provider) captures the payment, `payment.captured` books it on the receivable and dunning stops. The
 * receivable is locked for the while (Medusa's locking module), so a double submit waits and then finds
 * the payment the first one made, and makes none.
 */
export const payReceivableWorkflow = createWorkflow(payReceivableWorkflowId, function (input: PayReceivableInput) {
  const key = transform({ input }, ({ input }) => `dunning-pay:${input.receivable_id}`)
  acquireLockStep({ key, timeout: 15, ttl: 60 })
  const collection = receivablePaymentCollectionWorkflow.runAsStep({
    input: transform({ input }, ({ input }) => ({ customer_id: input.customer_id, receivable_id: input.receivable_id })),
  })
  const payment = when({ collection }, ({ collection }) => !collection.already_paid).then(() => {
    const session = createPaymentSessionsWorkflow.runAsStep({
      input: transform({ input, collection }, ({ input, collection }) => ({
        payment_collection_id: collection.payment_collection_id,
        provider_id: input.provider_id,
        customer_id: input.customer_id,
      })),
    })
    return authorizePaymentSessionStep(transform({ session }, ({ session }) => ({ id: session.id, context: {} })))
  })
  releaseLockStep({ key })
  return new WorkflowResponse(
    transform({ collection, payment }, ({ collection, payment }) => ({
      payment_collection_id: collection.payment_collection_id,
      order_id: collection.order_id,
      // authorised now or before; false: the provider wants the customer to act elsewhere first
      authorized: collection.already_paid || !!payment,
      already_paid: collection.already_paid,
    }))
  )
})
