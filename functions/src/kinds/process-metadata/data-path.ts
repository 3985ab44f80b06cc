/** Reading a dotted path from task data, and the string a metadata record stores. */
import { Timestamp } from "firebase-admin/firestore";

/** The value at `path` (dotted; numeric segments index arrays), or undefined where there is none. */
export function readPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Timestamp);
}

/** Longest value stored: Firestore indexes the first 1,500 bytes of a string, so longer ones would not filter exactly. */
export const MAX_VALUE_BYTES = 1500;

/**
 * The record's value, a string as in the seed's metadata table: strings as they are, timestamps as
 * ISO dates, other values as JSON. Null or missing: null (nothing is written; counted as skipped).
 */
export function encodeValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (value instanceof Timestamp) return value.toDate().toISOString();
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : v));
}
