/** Builds the engine's dependencies once per instance, on first use (not at import time). */
import { type AppOptions, getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { getConfig } from "./config";
import { type EngineDeps, systemClock } from "./engine/deps";
import { faultInjectingTaskQueue } from "./engine/faults";
import { adminTaskQueue, duplicatingTaskQueue } from "./engine/task-queue";
import { buildRegistry } from "./kinds/registry";

let deps: EngineDeps | undefined;

/**
 * In the functions emulator the Admin SDK is told which account enqueues tasks. Otherwise it asks
 * google-auth-library, which takes the emulator's K_SERVICE for Cloud Run and calls the metadata
 * server (169.254.169.254, off this machine) on every enqueue. Deployed: the defaults
 * (FIREBASE_CONFIG, the runtime's service account).
 */
function emulatorAppOptions(env: NodeJS.ProcessEnv, projectId: string): AppOptions | undefined {
  return env.FUNCTIONS_EMULATOR === "true" ? { projectId, serviceAccountId: `backfill-emulator@${projectId}.iam.gserviceaccount.com` } : undefined;
}

export function getDeps(): EngineDeps {
  if (!deps) {
    const config = getConfig();
    // By name: decoding a Firestore event creates the SDK's own named app first.
    if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp(emulatorAppOptions(process.env, config.projectId));
    const db = getFirestore();
    db.settings({ ignoreUndefinedProperties: true });
    const target = { projectId: config.projectId, location: config.location };
    const queue = config.faultInjection ? faultInjectingTaskQueue(adminTaskQueue(target), db) : adminTaskQueue(target);
    const tasks = config.duplicateDeliveries ? duplicatingTaskQueue(queue, target) : queue;
    deps = { db, config, clock: systemClock, kinds: buildRegistry(config), tasks };
  }
  return deps;
}
