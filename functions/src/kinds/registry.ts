/**
 * The one place kinds are registered. The engine receives this registry; it imports no kind.
 * Adding a kind is one import and one line here (docs/writing-a-kind.md).
 */
import type { Config } from "../config";
import { createRegistry, type KindRegistry } from "../engine/registry";
import { anthropicRater, type DifficultyRater } from "../sources/anthropic";
import { firestoreCsvCache } from "../sources/dashboard/cache";
import { dashboardClient } from "../sources/dashboard/client";
import { today } from "../districts/date-range";
import { analyticsGeneration } from "./analytics-generation";
import { DASHBOARD_SOURCE, dataCollection } from "./data-collection";
import { processMetadata } from "./process-metadata";
import { recipeDifficulty } from "./recipe-difficulty";
import { synthetic } from "./synthetic";

export function buildRegistry(config: Config): KindRegistry {
  let rater: DifficultyRater | undefined;
  const d = config.dashboard;
  const circuit = {
    source: DASHBOARD_SOURCE,
    failureThreshold: d.circuitFailures,
    coolDownMs: d.circuitCoolDownMs,
    maxOutageMs: d.circuitMaxOutageMs,
    probeTimeoutMs: Math.max(5_000, d.timeoutMs * 3),
  };
  return createRegistry([
    recipeDifficulty(() => (rater ??= anthropicRater(config.anthropic))),
    dataCollection((db) => dashboardClient(d, firestoreCsvCache(db), () => today()), circuit),
    analyticsGeneration(),
    processMetadata(config.processMetadata),
    // `npm run new-kind -- <name>` adds a kind above this line (and its import above).
    ...(config.syntheticKind ? [synthetic()] : []),
  ]);
}
