/**
 * The enqueue that starts (or resumes) a job's dispatcher chain. If Cloud Tasks refuses it
 * (unreachable, missing IAM role, quota), the job must not sit `running` with no chain, holding the
 * one-job lock until it goes stale: a job that was starting ends `failed` (lock released), a job
 * that was resuming goes back to `paused`, and the caller gets a 503 to try again.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import { errorMessage, UnavailableError } from "./errors";
import { SYSTEM_ACTOR } from "./job-schema";
import { parseJob } from "./job-store";
import { releaseLockIfHeld } from "./lock";
import { jobRef } from "./paths";
import { announce, transition } from "./transitions";

export type StartUndo = "failed" | "paused";

export async function enqueueStartTick(deps: EngineDeps, jobId: string, tick: number, undo: StartUndo): Promise<void> {
  try {
    await deps.tasks.enqueueTick({ jobId, tick });
    return;
  } catch (error) {
    const reason = errorMessage(error);
    const undone = await undoStart(deps, jobId, undo, reason);
    log.error(messages.startEnqueueFailed(jobId, undone ? undo : "unchanged", reason), { jobId, tick });
    throw new UnavailableError(
      "enqueue-failed",
      `Backfill job ${jobId} could not be started: the task queue refused its first task (${reason}). ${undo === "failed" ? "The job is marked failed" : "The job is paused again"}; try again.`,
      {
        jobId,
        status: undone ? undo : null,
      },
    );
  }
}

async function undoStart(deps: EngineDeps, jobId: string, undo: StartUndo, reason: string): Promise<boolean> {
  const change = await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(jobRef(deps.db, jobId));
    const release = await releaseLockIfHeld(deps, tx, jobId);
    if (!snap.exists || parseJob(snap).status !== "running") return null; // moved on meanwhile (cancelled, say)
    const at = Timestamp.fromMillis(deps.clock.now());
    const why = `not started: the task queue refused the first task (${reason})`;
    const done = transition(
      deps,
      tx,
      parseJob(snap),
      undo,
      { by: SYSTEM_ACTOR, why },
      { lastErrors: FieldValue.arrayUnion({ itemKey: "-", message: why, at }) },
    );
    if (undo === "failed") release(); // a paused job keeps the lock, as any paused job does
    return done;
  });
  announce(change);
  return change !== null;
}
