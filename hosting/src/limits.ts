/** Rate-limit fields, built from the API's schema of them (GET /settings/rate-limits), for both forms. */
import type { Auth } from "firebase/auth";
import { callApi } from "./api";
import { type Field, fieldFor, type PropSchema } from "./form-fields";

export interface LimitsInfo {
  /** The saved settings (or the defaults): what the next job gets. */
  rateLimits: Record<string, number>;
  schema: { properties: Record<string, PropSchema>; required?: string[] };
}

/** Rate limits as one phrase, e.g. "60 requests/min, concurrency 4, min delay 0 ms". */
export const limitsText = (l: Partial<Record<string, unknown>>) =>
  `${l.requestsPerMinute} requests/min, concurrency ${l.maxConcurrency}, min delay ${l.minDelayMs} ms`;

export const loadLimits = (auth: Auth) => callApi<LimitsInfo>(auth, "GET", "/settings/rate-limits");

/** One number field per limit, checked against the schema's bounds, starting at `values`. */
export function limitFields(info: LimitsInfo, values: Record<string, number>, idPrefix: string): Field[] {
  return Object.entries(info.schema.properties).flatMap(
    ([name, schema]) => fieldFor(name, schema, { required: true, initial: values[name] ?? info.rateLimits[name], idPrefix }) ?? [],
  );
}

/** The limits as numbers; throws a message naming the first bad field. */
export function readLimits(fields: Field[]): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const field of fields) {
    const value = field.read();
    if (typeof value !== "number") throw new Error(`${field.label} is required`);
    limits[field.name] = value;
  }
  return limits;
}
