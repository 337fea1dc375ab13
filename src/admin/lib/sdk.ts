import Medusa from "@medusajs/js-sdk"

/** One JS SDK client for the admin extensions, using the admin's session. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
