import { MathBN } from "@medusajs/framework/utils"

/** Adds what the API derives from the stored amounts: the outstanding balance. */
export function presentReceivable<T extends Record<string, any>>(receivable: T): T & { outstanding_amount?: number } {
  if (receivable.amount === undefined || receivable.amount_paid === undefined) {
    return receivable
  }
  return {
    ...receivable,
    outstanding_amount: MathBN.sub(receivable.amount, receivable.amount_paid).toNumber(),
  }
}
