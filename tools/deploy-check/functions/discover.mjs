// The functions' manifest read the way `firebase deploy` reads it (firebase-tools 14,
// lib/deploy/functions/runtimes/node/index.js `Delegate.discoverBuild` -> `serveAdmin`): the
// functions folder's own `node_modules/.bin/firebase-functions` binary is started with cwd = the
// folder, FUNCTIONS_CONTROL_API=true and PORT, and GET /__/functions.yaml returns the manifest
// (a 400 with "Failed to generate manifest from function source: <error>" when the code fails
// to load); then GET /__/quitquitquit stops it (SIGKILL after 10 s).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

/** firebase-tools gives up on discovery after 10 s unless FUNCTIONS_DISCOVERY_TIMEOUT (seconds) says otherwise. */
const DISCOVERY_TIMEOUT_MS = Number(process.env.FUNCTIONS_DISCOVERY_TIMEOUT || 10) * 1000;

/**
 * The environment `firebase deploy` starts the discovery process with, and nothing else (it does
 * not inherit the shell's, so no emulator variable and no functions/.env value reaches it):
 * prepare.js `loadCodebases` passes `loadFirebaseEnvs(firebaseConfig, projectId)` (FIREBASE_CONFIG,
 * GCLOUD_PROJECT) plus GOOGLE_CLOUD_QUOTA_PROJECT; `spawnFunctionsProcess` adds
 * FUNCTIONS_CONTROL_API, HOME, PATH, NODE_ENV and CLOUD_RUNTIME_CONFIG ({ firebase: firebaseConfig },
 * the legacy runtime config). firebaseConfig is the project's adminSdkConfig; a demo one here.
 */
export function deployDiscoveryEnv(projectId, env = process.env) {
  const firebaseConfig = { projectId, storageBucket: `${projectId}.appspot.com` };
  return withoutUndefined({
    FIREBASE_CONFIG: JSON.stringify(firebaseConfig),
    GCLOUD_PROJECT: projectId,
    GOOGLE_CLOUD_QUOTA_PROJECT: projectId,
    FUNCTIONS_CONTROL_API: "true",
    HOME: env.HOME,
    PATH: env.PATH,
    NODE_ENV: env.NODE_ENV,
    CLOUD_RUNTIME_CONFIG: JSON.stringify({ firebase: firebaseConfig }),
  });
}

/**
 * Loads the built functions in `dir` with `env` (plus PORT). Resolves to { manifest, output } when
 * they load, { error, output } when they do not (error: the binary's answer or why there was none);
 * output is everything the process printed.
 */
export async function discover(dir, env) {
  const port = await freePort();
  const child = spawn(join(dir, "node_modules/.bin/firebase-functions"), [dir], {
    cwd: dir,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  try {
    const answer = await fetchManifest(port, exited);
    if (answer.ok) return { manifest: JSON.parse(answer.text), output };
    // No answer at all: what the process printed says why (e.g. the SDK missing, a crash at start).
    const printed = output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("Serving at port"));
    return { error: answer.answered || !printed.length ? answer.text : `${answer.text}: ${printed.slice(0, 3).join(" | ")}`, output };
  } finally {
    await fetch(`http://127.0.0.1:${port}/__/quitquitquit`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    child.stdout.destroy();
    child.stderr.destroy();
  }
}

/** Polls /__/functions.yaml until it answers, the process exits or the discovery timeout passes. */
async function fetchManifest(port, exited) {
  const deadline = Date.now() + DISCOVERY_TIMEOUT_MS;
  let exitCode;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
      const res = await fetch(`http://127.0.0.1:${port}/__/functions.yaml`, { signal });
      return { ok: res.status === 200, answered: true, text: await res.text() };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const why = exitCode === undefined ? `no answer within ${DISCOVERY_TIMEOUT_MS} ms` : `the process exited (${exitCode})`;
  return { ok: false, answered: false, text: `User code failed to load: ${why}` };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function withoutUndefined(record) {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
