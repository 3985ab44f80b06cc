/**
 * Configuration, parsed once from the environment on first use (never at import time) and failing
 * fast with every bad variable named. Production: set these in functions/.env.<project> and the
 * secret ANTHROPIC_API_KEY with `firebase functions:secrets:set`; locally the stack sets them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { messages } from "./logs/messages";
import { DISPATCH_TIMEOUT_SECONDS, itemLostAfterSeconds, TICK_MARGIN_SECONDS } from "./queues";

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  GCLOUD_PROJECT: z.string().optional(),
  /** Region of the task queue functions. */
  BACKFILL_LOCATION: z.string().default("us-central1"),
  /** Items listed per page by the dispatcher (bounded memory). */
  BACKFILL_PAGE_SIZE: int(100),
  /**
   * How long one dispatcher tick runs before handing over: at most the dispatcher's timeout less
   * the margin its last roll-up and handover need (the emulator's 60 s deadline asks for less).
   */
  BACKFILL_TICK_SECONDS: int(30).pipe(
    z
      .number()
      .max(
        DISPATCH_TIMEOUT_SECONDS - TICK_MARGIN_SECONDS,
        `at most ${DISPATCH_TIMEOUT_SECONDS - TICK_MARGIN_SECONDS} (the dispatcher's ${DISPATCH_TIMEOUT_SECONDS} s timeout less ${TICK_MARGIN_SECONDS} s)`,
      ),
  ),
  /** A running job with no progress for this long is stale: it no longer blocks, and a new job takes the lock and pauses it. */
  BACKFILL_STALE_MINUTES: int(10),
  /**
   * An in-flight item with no checkpoint this long after its release is lost (Cloud Tasks gave up
   * on it) and is released again. Default: computed from the item queue's declared timeout and
   * retryConfig (queues.ts, about 23 min); the fault suite sets seconds to run the case quickly.
   */
  BACKFILL_LOST_ITEM_SECONDS: z.coerce.number().int().min(5).optional(),
  /** Finished jobs older than this are deleted with their subcollections. */
  BACKFILL_RETENTION_DAYS: int(30),
  /** Identifies this start of the system (seed 000 retries its backfill once per start); default: the deploy's id. */
  BACKFILL_STARTUP_ID: z.string().optional(),
  /** Fault injection for tests: every task is enqueued twice. Never set in production. */
  BACKFILL_FAULT_DUPLICATE_DELIVERIES: z.enum(["true", "false"]).default("false"),
  /** Fault injection for tests: `backfillFaults/{itemKey}` documents make items fail. Never in production. */
  BACKFILL_FAULT_INJECTION: z.enum(["true", "false"]).default("false"),
  /** Benchmarks: each checkpoint keeps its item's release and start times (`timing`). Never in production. */
  BACKFILL_ITEM_TIMING: z.enum(["true", "false"]).default("false"),
  /** Tests and benchmarks: registers the synthetic kind (computed items, counted writes). Never in production. */
  BACKFILL_SYNTHETIC_KIND: z.enum(["true", "false"]).default("false"),
  ANTHROPIC_API_KEY: z.string().default("not-set"),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().default("claude-haiku-4-5"),
  /** Per-call timeout for the AI, in ms. */
  ANTHROPIC_TIMEOUT_MS: int(30_000),
  /** Dollars per million tokens, for the estimated cost of an AI kind's job in its preview (claude-haiku-4-5's input price). */
  ANTHROPIC_USD_PER_MILLION_TOKENS: z.coerce.number().min(0).max(1000).default(1),
  /** The Toastmasters dashboard (npm start points this at the local simulator). */
  DASHBOARD_BASE_URL: z.url().default("https://dashboards.toastmasters.org"),
  /** Per-export timeout, in ms. */
  DASHBOARD_TIMEOUT_MS: int(20_000),
  /** Seed 004: backfill new process-model metadata onto existing instances (needs the task queue). */
  PROCESS_METADATA_BACKFILL_ENABLED: z.enum(["true", "false"]).default("false"),
  /** Process instances per item task (capped so one batch commits at most 450 writes). */
  PROCESS_METADATA_BATCH_SIZE: z.coerce.number().int().min(1).max(450).default(50),
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
  /** An in-flight item with no checkpoint this long after its release is lost. */
  lostItemMs: number;
  retentionMs: number;
  startupId: string;
  duplicateDeliveries: boolean;
  faultInjection: boolean;
  syntheticKind: boolean;
  /** Checkpoints keep `timing` (release and start times) for the benchmark's per-item figures. */
  itemTiming: boolean;
  anthropic: { apiKey: string; baseURL?: string; model: string; timeoutMs: number; usdPerMillionTokens: number };
  dashboard: { baseUrl: string; timeoutMs: number; circuitFailures: number; circuitCoolDownMs: number; circuitMaxOutageMs: number };
  processMetadata: { enabled: boolean; batchSize: number };
}

let cached: Config | undefined;

/**
 * The id of the deploy these functions came from (lib/deploy-id.json, written by the build that
 * the deploy's predeploy runs): one value for every function of a deploy.
 */
export function readDeployId(dir = __dirname): string | undefined {
  try {
    const id: unknown = JSON.parse(readFileSync(join(dir, "deploy-id.json"), "utf8")).id;
    return typeof id === "string" && id ? id : undefined;
  } catch {
    return undefined;
  }
}

export function parseConfig(env: NodeJS.ProcessEnv, deployId = readDeployId()): Config {
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
    lostItemMs: (e.BACKFILL_LOST_ITEM_SECONDS ?? itemLostAfterSeconds()) * 1000,
    retentionMs: e.BACKFILL_RETENTION_DAYS * 86_400_000,
    startupId: e.BACKFILL_STARTUP_ID ?? deployId ?? "local",
    duplicateDeliveries: e.BACKFILL_FAULT_DUPLICATE_DELIVERIES === "true",
    faultInjection: e.BACKFILL_FAULT_INJECTION === "true",
    syntheticKind: e.BACKFILL_SYNTHETIC_KIND === "true",
    itemTiming: e.BACKFILL_ITEM_TIMING === "true",
    anthropic: {
      apiKey: e.ANTHROPIC_API_KEY,
      baseURL: e.ANTHROPIC_BASE_URL,
      model: e.ANTHROPIC_MODEL,
      timeoutMs: e.ANTHROPIC_TIMEOUT_MS,
      usdPerMillionTokens: e.ANTHROPIC_USD_PER_MILLION_TOKENS,
    },
    dashboard: {
      baseUrl: e.DASHBOARD_BASE_URL,
      timeoutMs: e.DASHBOARD_TIMEOUT_MS,
      circuitFailures: e.DASHBOARD_CIRCUIT_FAILURES,
      circuitCoolDownMs: e.DASHBOARD_CIRCUIT_COOLDOWN_SECONDS * 1000,
      circuitMaxOutageMs: e.DASHBOARD_CIRCUIT_MAX_OUTAGE_MINUTES * 60_000,
    },
    processMetadata: { enabled: e.PROCESS_METADATA_BACKFILL_ENABLED === "true", batchSize: e.PROCESS_METADATA_BATCH_SIZE },
  };
}

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/**
 * Whether item tasks can be enqueued. In the emulator: the Cloud Tasks emulator runs beside the
 * functions (firebase-tools then sets CLOUD_TASKS_EMULATOR_HOST). Deployed (and during deploy's
 * analysis): the queues' functions are named by the project and BACKFILL_LOCATION, so both must be
 * known. Returns why not, or null when configured.
 */
export function taskQueueProblem(env: NodeJS.ProcessEnv): string | null {
  if (env.FUNCTIONS_EMULATOR === "true") {
    return env.CLOUD_TASKS_EMULATOR_HOST ? null : "the Cloud Tasks emulator is not running (CLOUD_TASKS_EMULATOR_HOST is not set)";
  }
  const project = env.GCLOUD_PROJECT ?? env.GOOGLE_CLOUD_PROJECT ?? projectOfFirebaseConfig(env.FIREBASE_CONFIG);
  if (!project) return "no project id (GCLOUD_PROJECT or FIREBASE_CONFIG) to name the queue functions by";
  const location = envSchema.shape.BACKFILL_LOCATION.parse(env.BACKFILL_LOCATION);
  return /^[a-z]+-[a-z]+[0-9]+$/.test(location) ? null : `BACKFILL_LOCATION "${location}" is not a Cloud Tasks location`;
}

function projectOfFirebaseConfig(raw: string | undefined): string | undefined {
  try {
    const projectId: unknown = raw ? JSON.parse(raw).projectId : undefined;
    return typeof projectId === "string" ? projectId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Startup check, run when the functions load (deploy analysis, each instance's cold start, the
 * emulator's load): seed 004's backfill is only available with the task queue, so enabling it
 * without one stops the functions from loading at all, rather than failing at the first item.
 */
export function assertStartupConfig(env: NodeJS.ProcessEnv): void {
  if (env.PROCESS_METADATA_BACKFILL_ENABLED !== "true") return;
  const problem = taskQueueProblem(env);
  if (problem) throw new Error(messages.metadataNeedsTaskQueue(problem));
}
