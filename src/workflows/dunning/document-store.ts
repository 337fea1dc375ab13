import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { readDocumentLogo } from "../../modules/dunning/documents/logo"
import type { DocumentParty } from "../../modules/dunning/documents"
import type { DunningOptions } from "../../modules/dunning/options"
import { storeName } from "./notice-content"

/**
 * The store as its documents present it: its name (the option `storeName`, else the Medusa store's), its
 * address (the option `documents.address`, else the address of the store's default stock location, else
 * the lines of the store's `metadata.address`, a text or a list of texts) and its logo (the option
 * `documents.logo`, read once at start-up).
 */
type Query = { graph: (input: Record<string, unknown>) => Promise<{ data: any[] }> }

const MAX_ADDRESS_LINES = 8

type StockAddress = { company?: string | null; address_1?: string | null; address_2?: string | null; postal_code?: string | null; city?: string | null; province?: string | null; country_code?: string | null }

/** A stock location's address as the lines of a letterhead: street, complement, postcode and city, province, country. */
export function stockAddressLines(address: StockAddress | null | undefined): string[] {
  if (!address) {
    return []
  }
  const place = [address.postal_code, address.city].filter((p) => p && p.trim()).join(" ")
  return [address.company, address.address_1, address.address_2, place, address.province, address.country_code?.toUpperCase()]
    .map((line) => (line ?? "").trim())
    .filter(Boolean)
}

/** `metadata.address` of the store: a text of lines or a list of texts; anything else is no address. */
export function metadataAddressLines(value: unknown): string[] {
  const lines = typeof value === "string" ? value.split(/\r?\n/) : Array.isArray(value) ? value.filter((l) => typeof l === "string") : []
  return lines.map((l: string) => l.trim().slice(0, 200)).filter(Boolean).slice(0, MAX_ADDRESS_LINES)
}

async function storeAddress(query: Query): Promise<string[]> {
  const { data } = await query.graph({ entity: "store", fields: ["id", "default_location_id", "metadata"] })
  const store = data[0]
  if (!store) {
    return []
  }
  if (store.default_location_id) {
    const { data: locations } = await query.graph({
      entity: "stock_location",
      fields: ["id", "address.company", "address.address_1", "address.address_2", "address.postal_code", "address.city", "address.province", "address.country_code"],
      filters: { id: store.default_location_id },
    })
    const lines = stockAddressLines(locations[0]?.address)
    if (lines.length) {
      return lines
    }
  }
  return metadataAddressLines(store.metadata?.address)
}

/** The store's letterhead: name, address lines and logo. */
export async function documentStore(container: MedusaContainer, options: Pick<DunningOptions, "storeName" | "documents">): Promise<DocumentParty> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  const [name, address] = await Promise.all([storeName(container, options), options.documents.address ? Promise.resolve(options.documents.address) : storeAddress(query)])
  const logo = options.documents.logo ? readDocumentLogo(options.documents.logo).dataUrl : null
  return { name, address, logo }
}
