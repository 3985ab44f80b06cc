/**
 * The job's holds: a Retry-After from an item's source, or an open circuit, makes the dispatcher
 * release nothing before `until`. Each holder (an item, a circuit) writes a document of its own,
 * `backfillJobs/{jobId}/holds/{holder}`, never the job document: a 429 storm from twenty concurrent
 * items writes twenty small documents once each instead of one document twenty times (Firestore
 * sustains about one write a second per document), with no read and no contention. The dispatcher
 * listens to the latest hold and copies it onto the job with its roll-up (at most once a second).
 */
import { randomBytes } from "node:crypto";
import { Timestamp } from "firebase-admin/firestore";
import type { EngineDeps } from "./deps";
import { holdRef } from "./paths";

/** One holder's document takes at most one write per this (its in-task retries come sooner). */
export const HOLD_WRITE_GAP_MS = 1000;
/** Holders remembered per instance before the oldest are forgotten. */
const MAX_REMEMBERED = 1000;

/** This function instance's name among the holders (random per process). */
let instanceId: string | null = null;

/**
 * The holder an item task writes as: the item's key behind this instance's id. Spacing a holder's
 * writes is the instance's own bookkeeping (below), so each hold document has one writer: a
 * redelivery of the same item that lands on another instance writes a document of its own.
 */
export function itemHolder(itemKey: string): string {
  instanceId ??= randomBytes(4).toString("hex");
  return `${instanceId}-${itemKey}`;
}

/** When each holder's last write completed (a write is sent before it completes: the gap counts from there). */
const lastWrites = new Map<string, number>();
const writing = new Set<string>();

/** Holds the job until `untilMs` on behalf of `holder` (an item key, `circuit-{source}`); true when it wrote. */
export async function holdJob(deps: EngineDeps, jobId: string, holder: string, untilMs: number, reason: string): Promise<boolean> {
  const key = `${jobId}/${holder}`;
  const now = deps.clock.now();
  const last = lastWrites.get(key);
  if (writing.has(key) || (last !== undefined && now - last >= 0 && now - last < HOLD_WRITE_GAP_MS)) return false;
  writing.add(key);
  try {
    await holdRef(deps.db, jobId, holder).set({ until: Timestamp.fromMillis(untilMs), reason });
  } finally {
    writing.delete(key);
    lastWrites.delete(key);
    lastWrites.set(key, deps.clock.now());
    if (lastWrites.size > MAX_REMEMBERED) lastWrites.delete(lastWrites.keys().next().value!);
  }
  return true;
}
