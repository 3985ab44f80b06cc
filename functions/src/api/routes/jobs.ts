/** Job routes: create (and dry run), history, one job, cancel, pause, resume, retry-failed, items. */
import { Router } from "express";
import type { EngineDeps } from "../../engine/deps";
import { dryRun } from "../../engine/dry-run";
import { readJob } from "../../engine/job-store";
import { prepareRequest } from "../../engine/prepare";
import { cancelJob, createJob, pauseJob, resumeJob } from "../../engine/lifecycle";
import { listItems, listJobs } from "../../engine/queries";
import { readRateLimitSettings } from "../../engine/rate-limit-settings";
import { retryFailed } from "../../engine/retry-failed";
import { actorOf } from "../auth";
import { createBody, jobIdParam, listItemsQuery, listJobsQuery } from "../schemas";
import { toCsv, toJson } from "../serialize";
import { validate } from "../validate";

export function jobRoutes(deps: EngineDeps): Router {
  const router = Router();

  router.post("/", async (req, res) => {
    const body = validate(createBody, req.body, "body");
    const kind = deps.kinds.require(body.kind);
    const prepared = await prepareRequest(deps, kind, validate(kind.params, body.params, "params"));
    const rateLimits = { ...prepared.rateLimits, ...body.rateLimits };
    if (body.dryRun) {
      const limits = { ...(await readRateLimitSettings(deps.db)), ...kind.defaultRateLimits, ...rateLimits };
      res.json(toJson(await dryRun(deps, kind, prepared, limits)));
      return;
    }
    const job = await createJob(deps, {
      kind: kind.name,
      params: prepared.params,
      rateLimits,
      ramp: body.ramp,
      details: prepared.details,
      actor: actorOf(res),
    });
    res.status(job.status === "running" ? 201 : 202).json({ job: toJson(job) });
  });

  router.get("/jobs", async (req, res) => {
    const query = validate(listJobsQuery, req.query, "query");
    const page = await listJobs(deps, query);
    res.json({ jobs: toJson(page.data), nextCursor: page.nextCursor });
  });

  router.get("/:jobId", async (req, res) => {
    const { jobId } = validate(jobIdParam, req.params, "path");
    res.json({ job: toJson(await readJob(deps.db, jobId)) });
  });

  // Status changes: each answers with the job as it now stands.
  const changes = [
    ["delete", "/:jobId", cancelJob],
    ["post", "/:jobId/pause", pauseJob],
    ["post", "/:jobId/resume", resumeJob],
  ] as const;
  for (const [method, path, change] of changes) {
    router[method](path, async (req, res) => {
      const { jobId } = validate(jobIdParam, req.params, "path");
      await change(deps, jobId, actorOf(res));
      res.json({ job: toJson(await readJob(deps.db, jobId)) });
    });
  }

  router.post("/:jobId/retry-failed", async (req, res) => {
    const { jobId } = validate(jobIdParam, req.params, "path");
    const job = await retryFailed(deps, jobId, actorOf(res));
    res.status(job.status === "running" ? 201 : 202).json({ job: toJson(job) });
  });

  router.get("/:jobId/items", async (req, res) => {
    const { jobId } = validate(jobIdParam, req.params, "path");
    const query = validate(listItemsQuery, req.query, "query");
    await readJob(deps.db, jobId); // 404 for an unknown job
    const page = await listItems(deps, jobId, query);
    if (query.format === "csv") {
      const header = ["itemKey", "outcome", "target", "attempts", "finishedAt", "error", "retryable", "errorType"];
      const rows = page.data.map((r) => [r.itemKey, r.outcome, r.target, r.attempts, r.finishedAt, r.error, r.retryable, r.errorType]);
      res.setHeader("content-disposition", `attachment; filename="${jobId}-items.csv"`);
      if (page.nextCursor) res.setHeader("x-next-cursor", page.nextCursor);
      res.type("text/csv").send(toCsv(header, rows));
      return;
    }
    res.json({ items: toJson(page.data), nextCursor: page.nextCursor });
  });

  return router;
}
