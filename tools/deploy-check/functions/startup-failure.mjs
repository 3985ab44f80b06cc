// "Loading with a required setting missing fails with the documented message": the functions'
// one startup check (functions/src/config.ts assertStartupConfig) refuses
// PROCESS_METADATA_BACKFILL_ENABLED=true when the task queue cannot be named (no project id).
// The expected message is built by the copy's own compiled code (lib/config.js taskQueueProblem
// and the catalogue lib/logs/messages.js), not copied here, so rewording it needs no change.
import { createRequire } from "node:module";
import { join } from "node:path";
import { discover } from "./discover.mjs";

const PROJECT_VARIABLES = ["GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_QUOTA_PROJECT", "FIREBASE_CONFIG", "CLOUD_RUNTIME_CONFIG"];

/** Loads the built copy in `dir` with the setting on and no project id; resolves to problems (one line each). */
export async function checkStartupFailure(dir, productionEnv) {
  const env = Object.fromEntries(Object.entries(productionEnv).filter(([key]) => !PROJECT_VARIABLES.includes(key)));
  env.PROCESS_METADATA_BACKFILL_ENABLED = "true";
  const require = createRequire(join(dir, "package.json"));
  const reason = require("./lib/config.js").taskQueueProblem(env);
  if (!reason) return ["the startup check finds nothing wrong with PROCESS_METADATA_BACKFILL_ENABLED=true and no project id"];
  const expected = require("./lib/logs/messages.js").messages.metadataNeedsTaskQueue(reason);
  const result = await discover(dir, env);
  if (result.manifest) {
    return [`the functions load with PROCESS_METADATA_BACKFILL_ENABLED=true and no project id; expected them to fail with "${expected}"`];
  }
  if (!result.error.includes(expected)) {
    return [`loading with PROCESS_METADATA_BACKFILL_ENABLED=true and no project id failed with "${oneLine(result.error)}", expected "${expected}"`];
  }
  return [];
}

function oneLine(text) {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}
