/**
 * What a tick listens to while it runs: new checkpoints (progress), the job's status (pause,
 * cancel), the job's hold (`dispatcher/throttle`) and the kind's circuit breaker, if it has one.
 */
import { Timestamp } from "firebase-admin/firestore";
import type { EngineDeps } from "../deps";
import { circuitSchema, type Circuit } from "../circuit/breaker";
import { CIRCUITS } from "../circuit/store";
import { type Checkpoint, checkpointSchema, type JobDoc, jobSchema, throttleSchema } from "../job-schema";
import { itemsCol, jobRef, throttleRef } from "../paths";

export interface TickWatcher {
  /** New checkpoints (finished after `since`), in one snapshot. */
  checkpoints(added: Array<[string, Checkpoint]>): void;
  status(status: JobDoc["status"]): void;
  hold(until: Timestamp | null): void;
  circuit(source: string, circuit: Circuit): void;
  error(error: unknown): void;
}

export function watchTick(deps: EngineDeps, jobId: string, since: Timestamp | null, circuitSource: string | null, on: TickWatcher): () => void {
  const { db } = deps;
  const items = since ? itemsCol(db, jobId).where("finishedAt", ">", since) : itemsCol(db, jobId).orderBy("finishedAt");
  const stops = [
    items.onSnapshot((snap) => {
      const added = snap.docChanges().filter((c) => c.type === "added");
      on.checkpoints(added.map((c): [string, Checkpoint] => [c.doc.id, checkpointSchema.parse(c.doc.data())]));
    }, on.error),
    jobRef(db, jobId).onSnapshot((snap) => on.status(jobSchema.parse(snap.data()).status), on.error),
    throttleRef(db, jobId).onSnapshot((snap) => on.hold(throttleSchema.safeParse(snap.data()).data?.until ?? null), on.error),
  ];
  if (circuitSource) {
    stops.push(
      db.collection(CIRCUITS).doc(circuitSource).onSnapshot((snap) => {
        const circuit = circuitSchema.safeParse(snap.data());
        if (circuit.success) on.circuit(circuitSource, circuit.data);
      }, on.error),
    );
  }
  return () => stops.forEach((stop) => stop());
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
