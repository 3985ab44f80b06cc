/**
 * Configuration, parsed once from the environment on first use (never at import time) and failing
 * fast with every bad variable named. Production: set these in functions/.env.<project> and the
 * secret ANTHROPIC_API_KEY with `firebase functions:secrets:set`; locally the stack sets them.
 */
import { z } from "zod";

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  GCLOUD_PROJECT: z.string().optional(),
  /** Region of the task queue functions. */
  BACKFILL_LOCATION: z.string().default("us-central1"),
  /** Items listed per page by the dispatcher (bounded memory). */
  BACKFILL_PAGE_SIZE: int(100),
  /** How long one dispatcher tick runs before handing over (kept below the 60 s emulator deadline). */
  BACKFILL_TICK_SECONDS: int(30),
  /** A running job with no progress for this long is stale: it no longer blocks and is resumed. */
  BACKFILL_STALE_MINUTES: int(10),
  /** Finished jobs older than this are deleted with their subcollections. */
  BACKFILL_RETENTION_DAYS: int(30),
  /** Identifies this start of the system (seed 000 retries its backfill once per start). */
  K_REVISION: z.string().optional(),
  BACKFILL_STARTUP_ID: z.string().optional(),
  /** Fault injection for tests: every task is enqueued twice. Never set in production. */
  BACKFILL_FAULT_DUPLICATE_DELIVERIES: z.enum(["true", "false"]).default("false"),
  ANTHROPIC_API_KEY: z.string().default("not-set"),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().default("claude-haiku-4-5"),
  /** Per-call timeout for the AI, in ms. */
  ANTHROPIC_TIMEOUT_MS: int(30_000),
  /** The Toastmasters dashboard (npm start points this at the local simulator). */
  DASHBOARD_BASE_URL: z.url().default("https://dashboards.toastmasters.org"),
  /** Per-export timeout, in ms. */
  DASHBOARD_TIMEOUT_MS: int(20_000),
  /** Consecutive transient failures that open the dashboard's circuit breaker. */
  DASHBOARD_CIRCUIT_FAILURES: int(5),
  /** How long the circuit stays open before one probe is let through. */
  DASHBOARD_CIRCUIT_COOLDOWN_SECONDS: int(30),
  /** An outage longer than this gives up: items fail and a critical log is written. */
  DASHBOARD_CIRCUIT_MAX_OUTAGE_MINUTES: int(30),
});

export interface Config {
  projectId: string;
  location: string;
  pageSize: number;
  tickSeconds: number;
  staleMs: number;
  retentionMs: number;
  startupId: string;
  duplicateDeliveries: boolean;
  anthropic: { apiKey: string; baseURL?: string; model: string; timeoutMs: number };
  dashboard: { baseUrl: string; timeoutMs: number; circuitFailures: number; circuitCoolDownMs: number; circuitMaxOutageMs: number };
}

let cached: Config | undefined;

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid backfill configuration: ${fields}`);
  }
  const e = parsed.data;
  return {
    projectId: e.GCLOUD_PROJECT ?? "demo-backfill",
    location: e.BACKFILL_LOCATION,
    pageSize: e.BACKFILL_PAGE_SIZE,
    tickSeconds: e.BACKFILL_TICK_SECONDS,
    staleMs: e.BACKFILL_STALE_MINUTES * 60_000,
    retentionMs: e.BACKFILL_RETENTION_DAYS * 86_400_000,
    startupId: e.BACKFILL_STARTUP_ID ?? e.K_REVISION ?? "local",
    duplicateDeliveries: e.BACKFILL_FAULT_DUPLICATE_DELIVERIES === "true",
    anthropic: {
      apiKey: e.ANTHROPIC_API_KEY,
      baseURL: e.ANTHROPIC_BASE_URL,
      model: e.ANTHROPIC_MODEL,
      timeoutMs: e.ANTHROPIC_TIMEOUT_MS,
    },
    dashboard: {
      baseUrl: e.DASHBOARD_BASE_URL,
      timeoutMs: e.DASHBOARD_TIMEOUT_MS,
      circuitFailures: e.DASHBOARD_CIRCUIT_FAILURES,
      circuitCoolDownMs: e.DASHBOARD_CIRCUIT_COOLDOWN_SECONDS * 1000,
      circuitMaxOutageMs: e.DASHBOARD_CIRCUIT_MAX_OUTAGE_MINUTES * 60_000,
    },
  };
}

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
