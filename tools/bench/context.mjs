// What every benchmark gets from tools/bench/run.mjs: the API as an admin, Firestore (direct, not
// through the counting proxy, so the benchmark's own reads are never counted as the engine's), the
// counter of the engine's Firestore operations, and the function invocations in the emulator log.
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { readFileSync } from "node:fs";
import { cpuNow } from "./cpu.mjs";

const ADMIN = { email: "bench@backfill.local", password: "bench-admin-1" };

export async function benchContext({ stack, counter, claudeUrl, logFile }) {
  const app = getApps()[0] ?? initializeApp({ projectId: "demo-backfill" });
  const db = getFirestore(app);
  const auth = getAuth(app);
  const user = await auth.getUserByEmail(ADMIN.email).catch(() => auth.createUser(ADMIN));
  await auth.setCustomUserClaims(user.uid, { admin: true });
  const signIn = await fetch(`http://${stack.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...ADMIN, returnSecureToken: true }),
  });
  const { idToken } = await signIn.json();

  async function api(method, path, body) {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  return {
    db,
    api,
    counter,
    /** CPU ms so far of the function workers, the compute emulator and Firestore (cpu.mjs). */
    cpu: () => cpuNow(stack.pids()),
    claude: {
      set: (mode) => fetch(`${claudeUrl}/__control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(mode) }),
      reset: () => fetch(`${claudeUrl}/__reset`, { method: "POST" }),
      calls: async () => (await (await fetch(`${claudeUrl}/__calls`)).json()).calls,
    },
    /** Function executions the emulator logged so far, by function name. */
    invocations() {
      const counts = {};
      for (const match of readFileSync(logFile, "utf8").matchAll(/Beginning execution of "(?:[a-z0-9-]+-)?(\w+)"/g))
        counts[match[1]] = (counts[match[1]] ?? 0) + 1;
      return counts;
    },
    /** Starts a job through the API and resolves with its finished document. */
    async runJob(kind, params, rateLimits, onStarted) {
      const { job } = await api("POST", "/", { kind, params, rateLimits });
      await onStarted?.(job.id);
      const done = await until(async () => {
        const snap = await db.doc(`backfillJobs/${job.id}`).get();
        return ["completed", "partial", "failed", "cancelled"].includes(snap.get("status")) ? snap : null;
      }, 30 * 60_000);
      return { id: job.id, doc: done.data() };
    },
  };
}

export async function until(probe, timeoutMs = 10 * 60_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("benchmark step timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Counts minus an earlier snapshot of them (both `{key: n}` maps). */
export function since(now, before) {
  return Object.fromEntries(
    Object.entries(now)
      .map(([k, v]) => [k, v - (before[k] ?? 0)])
      .filter(([, v]) => v !== 0),
  );
}

export const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
