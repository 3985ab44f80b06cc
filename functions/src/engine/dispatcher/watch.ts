/**
 * What a tick listens to while it runs: new checkpoints (progress), the job's status (pause,
 * cancel), the job's latest hold (`holds/*`) and the kind's circuit breaker, if it has one.
 */
import { Timestamp } from "firebase-admin/firestore";
import type { EngineDeps } from "../deps";
import { circuitSchema, type Circuit } from "../circuit/breaker";
import { CIRCUITS } from "../circuit/store";
import { type Checkpoint, checkpointSchema, type JobDoc, jobSchema, holdSchema } from "../job-schema";
import { CHECKPOINT_SHARD_LIST, checkpointId, itemKeyOf } from "../checkpoint-id";
import { holdsCol, checkpointsCol, jobRef } from "../paths";
import { isAfter } from "./counter";

export interface TickWatcher {
  /** New checkpoints (finished after `since`), in one snapshot. */
  checkpoints(added: Array<[string, Checkpoint]>): void;
  status(status: JobDoc["status"]): void;
  hold(until: Timestamp | null): void;
  circuit(source: string, circuit: Circuit): void;
  error(error: unknown): void;
}

/**
 * Checkpoints a listener delivers before it is replaced by one from its newest checkpoint on: its
 * result stays small (the emulator re-sends a listener's whole result on every change, which made
 * Firestore's CPU grow with the square of a tick's items; production bills only what changed).
 */
export const ITEMS_LISTENER_SPAN = 50;

export function watchTick(deps: EngineDeps, jobId: string, since: Timestamp | null, circuitSource: string | null, on: TickWatcher): () => void {
  const { db } = deps;
  const stopItems = watchCheckpoints(deps, jobId, since, on);
  const stops = [
    stopItems,
    jobRef(db, jobId).onSnapshot((snap) => on.status(jobSchema.parse(snap.data()).status), on.error),
    holdsCol(db, jobId)
      .orderBy("until", "desc")
      .limit(1)
      .onSnapshot((snap) => on.hold(snap.empty ? null : (holdSchema.safeParse(snap.docs[0].data()).data?.until ?? null)), on.error),
  ];
  if (circuitSource) {
    stops.push(
      db
        .collection(CIRCUITS)
        .doc(circuitSource)
        .onSnapshot((snap) => {
          const circuit = circuitSchema.safeParse(snap.data());
          if (circuit.success) on.circuit(circuitSource, circuit.data);
        }, on.error),
    );
  }
  return () => stops.forEach((stop) => stop());
}

/**
 * New checkpoints, finished after `since`, each delivered once. A listener's snapshot holds every
 * checkpoint committed before its read time, so one started after the newest delivered checkpoint
 * misses nothing the old one had not delivered. The old listener stays until the new one's first
 * snapshot, so no checkpoint waits on the switch; keys delivered lately keep the two from
 * delivering one twice.
 */
function watchCheckpoints(deps: EngineDeps, jobId: string, since: Timestamp | null, on: TickWatcher): () => void {
  let newest = since;
  let delivered = 0;
  const recent = new Set<string>(); // keys delivered by the current and the previous listener
  let previous: (() => void) | null = null;
  let current = listen();
  function listen(): () => void {
    const all = checkpointsCol(deps.db, jobId).where("shard", "in", CHECKPOINT_SHARD_LIST);
    const query = newest ? all.where("finishedAt", ">", newest).orderBy("finishedAt") : all.orderBy("finishedAt");
    let first = true;
    const stop = query.onSnapshot((snap) => {
      if (first && stop === current) {
        first = false;
        previous?.(); // the new listener has caught up: the old one goes
        previous = null;
      }
      const fresh = snap.docChanges().filter((c) => c.type === "added" && !recent.has(c.doc.id));
      const checkpoints = fresh.map((c): [string, Checkpoint] => [itemKeyOf(c.doc.id), checkpointSchema.parse(c.doc.data())]);
      for (const [key, checkpoint] of checkpoints) {
        recent.add(checkpointId(key));
        if (!newest || isAfter(checkpoint.finishedAt, newest)) newest = checkpoint.finishedAt;
      }
      delivered += checkpoints.length;
      if (checkpoints.length > 0) on.checkpoints(checkpoints);
      if (delivered >= ITEMS_LISTENER_SPAN && previous === null) {
        delivered = 0;
        previous = current;
        current = listen();
        if (recent.size > 4 * ITEMS_LISTENER_SPAN) for (const key of [...recent].slice(0, recent.size - 2 * ITEMS_LISTENER_SPAN)) recent.delete(key);
      }
    }, on.error);
    return stop;
  }
  return () => {
    previous?.();
    current();
  };
}

/** The job's copy of a circuit (`circuits.{source}`). */
export function circuitOnJob(circuit: Circuit): JobDoc["circuits"][string] {
  return {
    state: circuit.state,
    failures: circuit.failures,
    openUntil: circuit.openUntil === null ? null : Timestamp.fromMillis(circuit.openUntil),
    lastError: circuit.lastError,
    changedAt: Timestamp.fromMillis(circuit.changedAt ?? Date.now()),
  };
}

/**
 * The job's new copy of a circuit when it shows a change of state (or of the open window), else
 * null; a closed circuit the job never saw tripped is not shown.
 */
export function circuitChange(shown: JobDoc["circuits"][string] | undefined, circuit: Circuit): JobDoc["circuits"][string] | null {
  const next = circuitOnJob(circuit);
  if (!shown) return next.state === "closed" ? null : next;
  return shown.state === next.state && shown.openUntil?.toMillis() === next.openUntil?.toMillis() ? null : next;
}

/** Reads the circuit once (before the job's last roll-up: the last item's success may have closed it). */
export async function refreshCircuit(deps: EngineDeps, source: string | null, apply: (source: string, circuit: Circuit) => void): Promise<void> {
  if (!source) return;
  const circuit = circuitSchema.safeParse((await deps.db.collection(CIRCUITS).doc(source).get()).data());
  if (circuit.success) apply(source, circuit.data);
}
