import {
  validateAndTransformBody,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

type Issue = z.core.$ZodIssue

/**
 * Turns zod issues into one message that names every field that is wrong, e.g.
 * "amount: must not be negative; unknown field(s): 'colour'". Medusa's own formatter drops the field
 * name of custom checks, and an admin (or an ERP developer) must see which field to fix.
 */
export function describeIssues(issues: readonly Issue[], limit = 5): string {
  const messages = issues.slice(0, limit).map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length ? ` in '${issue.path.join(".")}'` : ""
      return `unknown field(s)${where}: ${issue.keys.map((k) => `'${k}'`).join(", ")}`
    }
    const path = issue.path.map(String).join(".")
    const message = issue.message
    if (!path || message.startsWith(`${path}:`) || message.startsWith(`${path.split(".")[0]}:`)) {
      return message
    }
    return `${path}: ${message}`
  })
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : ""
  return messages.join("; ") + more
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"])

/**
 * The path of the first key in a parsed JSON body that could reach an object's prototype once copied
 * (JSON.parse keeps "__proto__" as an own key; an assignment of it changes the prototype instead).
 */
export function forbiddenKeyPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (value === null || typeof value !== "object" || depth > 32) {
    return null
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      return [...path, key].join(".")
    }
    const found = forbiddenKeyPath((value as Record<string, unknown>)[key], [...path, key], depth + 1)
    if (found) {
      return found
    }
  }
  return null
}

function strict<T extends z.ZodType>(schema: T): T {
  return "strict" in schema && typeof (schema as any).strict === "function" ? (schema as any).strict() : schema
}

async function parseOrThrow(schema: z.ZodType, value: unknown) {
  const forbidden = forbiddenKeyPath(value)
  if (forbidden) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${forbidden}: the keys '__proto__', 'constructor' and 'prototype' are not accepted`
    )
  }
  const result = await strict(schema).safeParseAsync(value ?? {})
  if (!result.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, describeIssues(result.error.issues))
  }
  return result.data
}

/** Medusa's body validation, with messages that name the field at fault. */
export function validateBody(schema: z.ZodType) {
  const transform = validateAndTransformBody(schema as any)
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await parseOrThrow(schema, req.body)
    } catch (e) {
      return next(e)
    }
    return transform(req, res, next)
  }
}
