import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { LinkSnapshot } from "../../../modules/dunning/service"

export const revokeCollectionLinksStepId = "dunning-revoke-collection-links"

/**
 * Revokes every link to the customer's collection page sent so far (the customer's link version moves
 * on; notices sent from now on carry working links again). Compensation puts the version back.
 */
export const revokeCollectionLinksStep = createStep(
  revokeCollectionLinksStepId,
  async (input: { customer_id: string; now: Date | string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const snapshot = await dunning.revokeCollectionLinks({ customer_id: input.customer_id, now: new Date(input.now) })
    return new StepResponse({ link_version: snapshot.link_version + 1 }, snapshot)
  },
  async (snapshot: LinkSnapshot | undefined, { container }) => {
    if (snapshot) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).restoreCollectionLinks(snapshot)
    }
  }
)
