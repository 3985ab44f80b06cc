/** Retry-failed: a new job of the same kind and params over exactly the failed items of a job (recorded as `retried` in the source job's audit). */
import type { EngineDeps } from "./deps";
import { ConflictError } from "./errors";
import type { Actor } from "./job-schema";
import { type JobWithId, readJob } from "./job-store";
import { createJob } from "./lifecycle";
import { checkpointsCol } from "./paths";
import { isFinished } from "./status";
import { auditNote } from "./transitions";

export async function retryFailed(deps: EngineDeps, jobId: string, actor: Actor): Promise<JobWithId> {
  const job = await readJob(deps.db, jobId);
  if (!isFinished(job.status)) {
    throw new ConflictError("job-not-finished", `Job ${jobId} is ${job.status}; retry its failed items once it has finished`, { status: job.status });
  }
  const failed = (await checkpointsCol(deps.db, jobId).where("outcome", "==", "failed").count().get()).data().count;
  if (failed === 0) throw new ConflictError("no-failed-items", `Job ${jobId} has no failed items to retry`, { jobId });
  const retry = await createJob(deps, {
    kind: job.kind,
    params: job.params,
    rateLimits: job.rateLimits,
    ramp: job.ramp ?? undefined,
    actor,
    retryOf: jobId,
    total: failed,
    details: job.details,
  });
  await auditNote(deps, jobId, "retried", { by: actor, why: `retry job ${retry.id}` });
  return retry;
}
