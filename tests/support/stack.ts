/** The emulator stack `npm test` started (tools/test.mjs), seen from a test. */
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { type Firestore, getFirestore } from "firebase-admin/firestore";
import { readFileSync } from "node:fs";
import { parseConfig } from "../../functions/src/config";
import { type Clock, type EngineDeps, systemClock } from "../../functions/src/engine/deps";
import { adminTaskQueue } from "../../functions/src/engine/task-queue";
import { buildRegistry } from "../../functions/src/kinds/registry";

export const PROJECT_ID = "demo-backfill";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\` (tools/test.mjs starts the emulators)`);
  return value;
}

export const stackEnv = {
  get apiUrl() {
    return required("STACK_API_URL");
  },
  get claudeUrl() {
    return required("FAKE_CLAUDE_URL");
  },
  get controlUrl() {
    return required("STACK_CONTROL_URL");
  },
  get firestoreHost() {
    return required("FIRESTORE_EMULATOR_HOST");
  },
  get authHost() {
    return required("FIREBASE_AUTH_EMULATOR_HOST");
  },
};

let db: Firestore | undefined;

export function adminDb(): Firestore {
  if (!db) {
    if (getApps().length === 0) initializeApp({ projectId: PROJECT_ID });
    db = getFirestore();
    db.settings({ ignoreUndefinedProperties: true });
  }
  return db;
}

export function adminAuth() {
  adminDb();
  return getAuth();
}

/** Engine dependencies in the test process, against the same emulators (clock injectable). */
export function testDeps(clock: Clock = systemClock, env: Record<string, string> = {}): EngineDeps {
  const config = parseConfig({ ...process.env, GCLOUD_PROJECT: PROJECT_ID, ANTHROPIC_BASE_URL: stackEnv.claudeUrl, BACKFILL_STARTUP_ID: "test-run", ...env });
  return { db: adminDb(), config, clock, kinds: buildRegistry(config), tasks: adminTaskQueue({ projectId: config.projectId, location: config.location }) };
}

/**
 * Deletes every document. After a crash test SIGKILLs the functions mid-transaction, the emulator
 * keeps that transaction's locks until they expire and answers 409 (lock timeout): wait for it.
 * Right after a browser page closes, the emulator may still notify that page's listen stream and
 * fail with 500 ("Stream is already completed", its debug log): the next attempt succeeds.
 */
export async function clearFirestore(timeoutMs = 100_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://${stackEnv.firestoreHost}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`, { method: "DELETE" });
    if (res.ok) return;
    if ((res.status !== 409 && res.status !== 500) || Date.now() > deadline) throw new Error(`clearing Firestore failed: ${res.status}`);
    await new Promise((r) => setTimeout(r, res.status === 500 ? 300 : 2000));
  }
}

/** Crash the compute half (functions + tasks) with SIGKILL, or start it again. */
export async function computeControl(action: "kill" | "restart", env: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${stackEnv.controlUrl}/compute/${action}`, { method: "POST", body: JSON.stringify(env) });
  if (!res.ok) throw new Error(`compute ${action} failed: ${res.status} ${await res.text()}`);
}

/** The emulators' combined output, where function logs appear. */
export function emulatorLog(): string {
  return readFileSync(required("STACK_LOG_FILE"), "utf8");
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
