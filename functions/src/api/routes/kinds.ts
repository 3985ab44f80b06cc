/**
 * `GET /kinds`: the kinds this deployment knows, each with its params as JSON Schema (from the
 * kind's zod schema, the one definition), so the admin page builds its start form from them.
 */
import { Router } from "express";
import { z } from "zod";
import type { EngineDeps } from "../../engine/deps";

export function kindRoutes(deps: EngineDeps): Router {
  return Router().get("/kinds", (_req, res) => {
    const kinds = deps.kinds.names().map((name) => {
      const kind = deps.kinds.require(name);
      return {
        name,
        title: kind.title,
        params: z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }),
        defaultRateLimits: kind.defaultRateLimits ?? {},
        estimate: kind.estimate,
      };
    });
    res.json({ kinds });
  });
}
