/** The HTTPS API: one Express app under /api/admin/backfill, served through Hosting's rewrite. */
import express, { type NextFunction, type Request, type Response } from "express";
import type { EngineDeps } from "../engine/deps";
import { DomainError } from "../engine/errors";
import { ApiError, statusOf } from "./http-errors";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import { requireAdmin } from "./auth";
import { clientConfigRoute } from "./routes/client-config";
import { jobRoutes } from "./routes/jobs";
import { kindRoutes } from "./routes/kinds";
import { settingsRoutes } from "./routes/settings";

export const API_BASE = "/api/admin/backfill";

export function createApp(deps: () => EngineDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "100kb" }));
  const router = express.Router();
  router.use(clientConfigRoute()); // before sign-in: the page needs it to sign in
  router.use(requireAdmin(deps));
  // Routers are built on first request so configuration is read at run time, not at import.
  let routes: express.Router | undefined;
  router.use((req, res, next) => {
    routes ??= express.Router().use(settingsRoutes(deps()), kindRoutes(deps()), jobRoutes(deps()));
    routes(req, res, next);
  });
  app.use(API_BASE, router);
  app.use((req, _res) => {
    throw new ApiError(404, "not-found", `No route ${req.method} ${req.path}`, { method: req.method, path: req.path });
  });
  app.use(errorHandler);
  return app;
}

function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof ApiError || error instanceof DomainError) {
    const status = error instanceof ApiError ? error.status : statusOf(error);
    res.status(status).json({ error: { code: error.code, message: error.message, details: error.details ?? null } });
    return;
  }
  const status = (error as { status?: unknown; type?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code = (error as { type?: string }).type === "entity.parse.failed" ? "invalid-json" : "bad-request";
    res.status(status).json({ error: { code, message: (error as Error).message, details: { field: "body" } } });
    return;
  }
  log.error(messages.apiUnhandled(req.method, req.path), { path: req.path, error: error instanceof Error ? error.stack : String(error) });
  res.status(500).json({ error: { code: "internal", message: "Internal error", details: null } });
}
