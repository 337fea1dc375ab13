import {
  validateAndTransformBody,
  validateAndTransformQuery,
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
export function describeIssues(issues: readonly Issue[], limit = 5, input?: unknown): string {
  // an unknown field is the likeliest slip (a typo): it comes first, never cut off by the limit
  const ordered = [...issues].sort((a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"))
  const messages = ordered.slice(0, limit).map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length ? ` in '${issue.path.join(".")}'` : ""
      return `unknown field(s)${where}: ${issue.keys.map((k) => `'${k}'`).join(", ")}`
    }
    const path = issue.path.map(String).join(".")
    if (issue.code === "invalid_value" && path && issue.values.length && issue.message.startsWith("Invalid")) {
      // zod's own wording names no value: worded as Medusa's own routes word it
      const received = issue.path.reduce<any>((value, key) => (value && typeof value === "object" ? value[key as any] : undefined), input)
      const got = typeof received === "string" ? `, but got: '${received.slice(0, 100)}'` : ""
      return `${path}: expected '${issue.values.map(String).join(", ")}' for field '${path}'${got}`
    }
    const message = issue.message
    if (!path || message.startsWith(`${path}:`) || message.startsWith(`${path.split(".")[0]}:`)) {
      return message
    }
    return `${path}: ${message}`
  })
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : ""
  return messages.join("; ") + more
}

/** How deeply a body may nest objects and arrays; nothing the API takes comes near it. */
export const MAX_BODY_DEPTH = 32

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"])

/**
 * Text that is not valid Unicode: NUL (which PostgreSQL cannot store), a lone UTF-16 surrogate, or the
 * replacement character the body parser puts where the request had bytes that are not UTF-8.
 */
const INVALID_TEXT = /[\u0000\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * The first thing in a parsed JSON body that must not reach a handler, with the path it is at: a key
 * that could reach an object's prototype once copied (JSON.parse keeps "__proto__" as an own key; an
 * assignment of it changes the prototype instead), text that is not valid UTF-8, or nesting deeper than
 * MAX_BODY_DEPTH (which would also hide such a key from any bounded search). Walks without recursion.
 */
export function bodyProblem(value: unknown): { path: string; message: string } | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }]
  while (stack.length) {
    const { value: current, path } = stack.pop()!
    if (typeof current === "string") {
      if (INVALID_TEXT.test(current)) {
        return { path: path.join("."), message: "must be valid UTF-8 text (no NUL character, no invalid bytes)" }
      }
      continue
    }
    if (current === null || typeof current !== "object") {
      continue
    }
    if (path.length >= MAX_BODY_DEPTH) {
      return { path: path.slice(0, 3).join(".") + (path.length > 3 ? ".…" : ""), message: `nested too deeply (more than ${MAX_BODY_DEPTH} levels)` }
    }
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return { path: [...path, key].join("."), message: "the keys '__proto__', 'constructor' and 'prototype' are not accepted" }
      }
      if (INVALID_TEXT.test(key)) {
        return { path: [...path, key].join("."), message: "field names must be valid UTF-8 text" }
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] })
    }
  }
  return null
}

/** The path of the first key anywhere in a body that could reach an object's prototype. */
export function forbiddenKeyPath(value: unknown): string | null {
  const problem = bodyProblem(value)
  return problem && problem.message.startsWith("the keys") ? problem.path : null
}

function strict<T extends z.ZodType>(schema: T): T {
  return "strict" in schema && typeof (schema as any).strict === "function" ? (schema as any).strict() : schema
}

async function parseOrThrow(schema: z.ZodType, value: unknown, what: "body" | "query") {
  const problem = bodyProblem(value)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${problem.path || what}: ${problem.message}`)
  }
  if (value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: must be a JSON object`)
  }
  const result = await strict(schema).safeParseAsync(value ?? {})
  if (!result.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, describeIssues(result.error.issues, 5, value))
  }
  return result.data
}

/** Medusa's body validation, with messages that name the field at fault. */
export function validateBody(schema: z.ZodType) {
  const transform = validateAndTransformBody(schema as any)
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await parseOrThrow(schema, req.body, "body")
    } catch (e) {
      return next(e)
    }
    return transform(req, res, next)
  }
}

/**
 * The query as Medusa's query validation reads it: a parameter sent once with commas becomes a list
 * (`fields=id,number`), `a.b=1` becomes `{ a: { b: 1 } }`.
 */
function normalizeQuery(query: Record<string, unknown>): Record<string, unknown> {
  const normalized: Record<string, any> = {}
  for (const [key, raw] of Object.entries(query ?? {})) {
    const value = Array.isArray(raw) && raw.length === 1 && typeof raw[0] === "string" ? raw[0].split(",") : raw
    if (key.includes(".")) {
      const [parent, child, ...rest] = key.split(".")
      if (rest.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `${key}: a parameter name may have at most one '.'`)
      }
      normalized[parent] = { ...(typeof normalized[parent] === "object" ? normalized[parent] : {}), [child]: value }
    } else {
      normalized[key] = value
    }
  }
  return normalized
}

/**
 * Medusa's query validation (allow-listed `fields` and `order`, pagination), after a strict check of
 * every parameter whose refusal names the parameter at fault.
 */
export function validateQuery(schema: z.ZodType, config: Parameters<typeof validateAndTransformQuery>[1]) {
  const transform = validateAndTransformQuery(schema as any, config)
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await parseOrThrow(schema, normalizeQuery(req.query as Record<string, unknown>), "query")
    } catch (e) {
      return next(e)
    }
    return transform(req, res, next)
  }
}
