/** Where the engine keeps its documents. */
import type { Firestore } from "firebase-admin/firestore";
import { CHECKPOINTS, checkpointId } from "./checkpoint-id";

export const JOBS = "backfillJobs";

export const jobsCol = (db: Firestore) => db.collection(JOBS);
export const jobRef = (db: Firestore, jobId: string) => db.collection(JOBS).doc(jobId);
/** A job's item checkpoints, named by checkpointId. */
export const checkpointsCol = (db: Firestore, jobId: string) => jobRef(db, jobId).collection(CHECKPOINTS);
export const checkpointRef = (db: Firestore, jobId: string, itemKey: string) => checkpointsCol(db, jobId).doc(checkpointId(itemKey));
export const dispatcherRef = (db: Firestore, jobId: string) => jobRef(db, jobId).collection("dispatcher").doc("state");
/** The one-job-at-a-time lock: `{ jobId }` of the job that holds it. */
export const lockRef = (db: Firestore) => db.collection("backfillLocks").doc("active");
export const rateLimitsRef = (db: Firestore) => db.collection("backfillSettings").doc("rateLimits");
/** The job's holds (a Retry-After, an open circuit), one document per holder, written instead of the job document. */
export const holdsCol = (db: Firestore, jobId: string) => jobRef(db, jobId).collection("holds");
export const holdRef = (db: Firestore, jobId: string, holder: string) => holdsCol(db, jobId).doc(holder);
/** An item's circuit deferral: its lost deadline counts from `dueAt`. */
export const deferralRef = (db: Firestore, jobId: string, itemKey: string) => jobRef(db, jobId).collection("deferrals").doc(itemKey);
