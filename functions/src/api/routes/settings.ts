/** Rate-limit settings (seed 001 req. 12) with the live limiter status of the active job. */
import { Router } from "express";
import { z } from "zod";
import type { EngineDeps } from "../../engine/deps";
import { rateLimitsSchema } from "../../engine/job-schema";
import { parseJob } from "../../engine/job-store";
import { jobRef, lockRef } from "../../engine/paths";
import { readRateLimitSettings, writeRateLimitSettings } from "../../engine/rate-limit-settings";
import { actorOf } from "../auth";
import { toJson } from "../serialize";
import { validate } from "../validate";

async function liveLimiter(deps: EngineDeps) {
  const holder = (await lockRef(deps.db).get()).get("jobId") as unknown;
  if (typeof holder !== "string") return null;
  const snap = await jobRef(deps.db, holder).get();
  if (!snap.exists) return null;
  const job = parseJob(snap);
  return { jobId: job.id, kind: job.kind, status: job.status, rateLimits: job.rateLimits, ...job.limiter };
}

export function settingsRoutes(deps: EngineDeps): Router {
  const router = Router();

  router.get("/settings/rate-limits", async (_req, res) => {
    const [rateLimits, limiter] = await Promise.all([readRateLimitSettings(deps.db), liveLimiter(deps)]);
    // The schema (from the one zod definition) lets the page build and check its limit fields.
    res.json({ rateLimits, limiter: toJson(limiter), schema: z.toJSONSchema(rateLimitsSchema) });
  });

  router.put("/settings/rate-limits", async (req, res) => {
    const rateLimits = validate(rateLimitsSchema, req.body, "body");
    await writeRateLimitSettings(deps.db, rateLimits, actorOf(res), deps.clock.now());
    res.json(toJson({ rateLimits, limiter: await liveLimiter(deps) }));
  });

  /**
   * Asks for a recovery run now (the emulator fires no schedules; operators may too). It is
   * enqueued, not run here: Hosting cuts a rewritten request at 60 s, a recovery may take longer.
   * Requests in the same minute share one task: `enqueued: false` says an earlier one made it.
   */
  router.post("/recovery", async (_req, res) => {
    const { taskId, enqueued } = await deps.tasks.enqueueRecovery({ requestedAt: deps.clock.now() });
    res.status(202).json({ enqueued, taskId });
  });

  return router;
}
