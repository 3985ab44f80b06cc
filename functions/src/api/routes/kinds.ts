/**
 * `GET /kinds`: the kinds this deployment knows, each with its params as JSON Schema (from the
 * kind's zod schema, the one definition; fields the service sets are marked `internal`), and
 * choices from live data, so the admin page builds its start form from them.
 */
import { Router } from "express";
import { z } from "zod";
import type { EngineDeps } from "../../engine/deps";

export function kindRoutes(deps: EngineDeps): Router {
  return Router().get("/kinds", async (_req, res) => {
    const kinds = await Promise.all(
      deps.kinds.names().map(async (name) => {
        const kind = deps.kinds.require(name);
        return {
          name,
          title: kind.title,
          params: z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }),
          defaultRateLimits: kind.defaultRateLimits ?? {},
          estimate: kind.estimate,
          /** Choices from live data for some fields (e.g. the configured districts). */
          options: (await kind.formOptions?.({ db: deps.db })) ?? {},
        };
      }),
    );
    res.json({ kinds });
  });
}
