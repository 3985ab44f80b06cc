/** Job helpers over the API. */
import { api } from "./api";
import { adminDb, waitFor } from "./stack";
import { CHECKPOINTS, checkpointId } from "../../functions/src/engine/checkpoint-id";

export const FAST = { maxConcurrency: 8, requestsPerMinute: 6000, minDelayMs: 0 };
export const FINISHED = ["completed", "partial", "failed", "cancelled"];

export async function getJob(token: string, jobId: string) {
  const res = await api("GET", `/${jobId}`, { token });
  if (res.status !== 200) throw new Error(`GET /${jobId}: ${res.status} ${res.text}`);
  return res.body.job;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a job as the API returns it, asserted field by field
export async function waitForJob(token: string, jobId: string, ready: (job: any) => boolean, what: string, timeoutMs = 120_000) {
  return waitFor(
    `job ${jobId}: ${what}`,
    async () => {
      const job = await getJob(token, jobId);
      return ready(job) ? job : null;
    },
    timeoutMs,
    300,
  );
}

export const waitForFinish = (token: string, jobId: string, timeoutMs?: number) =>
  waitForJob(token, jobId, (j) => FINISHED.includes(j.status) && (j.status !== "cancelled" || j.limiter.state === "idle"), "finished", timeoutMs);

export async function startRecipeJob(token: string, rateLimits: Record<string, number> = FAST): Promise<string> {
  const res = await api("POST", "/", { token, body: { kind: "recipe-difficulty", params: {}, rateLimits } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body.job.id as string;
}

/** How many checkpoints a job has (items done, whatever their outcome). */
/** A job's checkpoints, and one item's (named as the engine names them). */
export const checkpointsOf = (jobId: string) => adminDb().collection(`backfillJobs/${jobId}/${CHECKPOINTS}`);
export const checkpointDoc = (jobId: string, itemKey: string) => checkpointsOf(jobId).doc(checkpointId(itemKey));

/** How many checkpoints a job has (items done, whatever their outcome). */
export const checkpointCount = async (jobId: string) => (await checkpointsOf(jobId).count().get()).data().count;
