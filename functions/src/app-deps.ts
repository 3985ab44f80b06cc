/** Builds the engine's dependencies once per instance, on first use (not at import time). */
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { getConfig } from "./config";
import { type EngineDeps, systemClock } from "./engine/deps";
import { faultInjectingTaskQueue } from "./engine/faults";
import { adminTaskQueue, duplicatingTaskQueue } from "./engine/task-queue";
import { buildRegistry } from "./kinds/registry";

let deps: EngineDeps | undefined;

export function getDeps(): EngineDeps {
  if (!deps) {
    const config = getConfig();
    // By name: decoding a Firestore event creates the SDK's own named app first.
    if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
    const db = getFirestore();
    db.settings({ ignoreUndefinedProperties: true });
    const target = { projectId: config.projectId, location: config.location };
    const queue = config.faultInjection ? faultInjectingTaskQueue(adminTaskQueue(target), db) : adminTaskQueue(target);
    const tasks = config.duplicateDeliveries ? duplicatingTaskQueue(queue, target) : queue;
    deps = { db, config, clock: systemClock, kinds: buildRegistry(config), tasks };
  }
  return deps;
}
