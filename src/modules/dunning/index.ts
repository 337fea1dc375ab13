import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import DunningModuleService from "./service"

export const DUNNING_MODULE = "dunning"

export default Module(DUNNING_MODULE, {
  service: DunningModuleService,
  loaders: [validateOptionsLoader],
})

export { DunningModuleService }
export type { DunningOptions, DunningOptionsInput } from "./options"
