import type { DAL } from "@medusajs/framework/types"

/**
 * The base of the module's internal services (`services/*.ts`). Medusa builds each of them with the
 * module container's registrations; what they need is `baseRepository`, which `@InjectManager` and
 * `@InjectTransactionManager` use as `this.baseRepository_` to open a connection or a transaction when
 * the caller passed none (the main service always passes its own, so one transaction spans its call).
 * It lives outside `services/` because Medusa registers every class exported there as a service.
 */
export abstract class InternalService {
  protected readonly baseRepository_: DAL.RepositoryService

  constructor({ baseRepository }: { baseRepository: DAL.RepositoryService }) {
    this.baseRepository_ = baseRepository
  }
}
