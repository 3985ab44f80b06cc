// The local emulator stack, in two firebase-tools processes so the compute half can crash alone:
//  - data:    Firestore (the machine's official jar through the launcher) + Auth; optional import/export
//             Firestore sends trigger events to the compute half's functions port (--functions_emulator)
//  - compute: Functions + Cloud Tasks + Hosting, pointed at the data half by environment variables.
// Killing the compute process group (SIGKILL) is a real crash: in-flight invocations and the task
// queue are lost, Firestore keeps the checkpoints, and recovery must resume the job.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureLauncherJar, FUNCTIONS_ENV } from "../setup/launcher-jar.mjs";
import { registerFirestoreTriggers } from "./firestore-triggers.mjs";
import { emulatorHostingEntry, engineFunctionsEntry } from "./firebase-json.mjs";
import { cliEnv, localEnv } from "./local-env.mjs";

export const ROOT = resolve(import.meta.dirname, "../..");
export const PROJECT_ID = "demo-backfill";
const FIREBASE = join(ROOT, "node_modules/.bin/firebase");
const LOCAL_ENV = localEnv(PROJECT_ID);

export const DEV_PORTS = {
  firestore: 8080,
  auth: 9099,
  functions: 5001,
  tasks: 9499,
  hosting: 5000,
  dataHub: 4400,
  dataLogging: 4500,
  firestoreWs: 9150,
  computeHub: 4401,
  computeLogging: 4501,
};
export const BENCH_PORTS = {
  firestore: 28080,
  auth: 29099,
  functions: 25001,
  tasks: 29499,
  hosting: 25000,
  dataHub: 24400,
  dataLogging: 24500,
  firestoreWs: 29150,
  computeHub: 24401,
  computeLogging: 24501,
};
export const TEST_PORTS = {
  firestore: 18080,
  auth: 19099,
  functions: 15001,
  tasks: 19499,
  hosting: 15000,
  dataHub: 14400,
  dataLogging: 14500,
  firestoreWs: 19150,
  computeHub: 14401,
  computeLogging: 14501,
};

function writeConfig(name, config) {
  const file = join(ROOT, `.stack-${name}.firebase.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function dataConfig(ports) {
  return {
    firestore: { rules: "firestore.rules", indexes: "firestore.indexes.json" },
    emulators: {
      singleProjectMode: true,
      ui: { enabled: false },
      hub: { port: ports.dataHub },
      logging: { port: ports.dataLogging },
      firestore: { port: ports.firestore, websocketPort: ports.firestoreWs },
      auth: { port: ports.auth },
    },
  };
}

// The engine's codebase and the admin page's Hosting entry come from firebase.json (the target
// resolves through .firebaserc's demo-backfill mapping); the page may reach the Auth and Firestore emulators.
function computeConfig(ports, extraCodebases) {
  const emulatorOrigins = [`http://127.0.0.1:${ports.auth}`, `http://127.0.0.1:${ports.firestore}`];
  return {
    functions: [engineFunctionsEntry(ROOT), ...extraCodebases],
    hosting: [emulatorHostingEntry(ROOT, emulatorOrigins)],
    emulators: {
      singleProjectMode: true,
      ui: { enabled: false },
      hub: { port: ports.computeHub },
      logging: { port: ports.computeLogging },
      functions: { port: ports.functions },
      tasks: { port: ports.tasks },
      hosting: { port: ports.hosting },
    },
  };
}

/** Spawns one firebase-tools process in its own process group; resolves once it says it is ready. */
function startEmulators({ name, only, configFile, env, logStream, extraArgs = [], timeoutMs = 120_000 }) {
  const tmp = join(ROOT, ".stack", name, "tmp");
  mkdirSync(tmp, { recursive: true });
  const args = ["emulators:start", "--project", PROJECT_ID, "--only", only, "--config", configFile, ...extraArgs];
  const child = spawn(FIREBASE, args, {
    cwd: ROOT,
    env: { ...process.env, ...cliEnv(ROOT), ...env, TMPDIR: tmp },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveReady, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${name} emulators not ready after ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      logStream?.write(text);
      if (output.length < 200_000) output += text;
      if (output.includes("All emulators ready")) {
        clearTimeout(timer);
        resolveReady(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} emulators exited (${code ?? signal}) before ready:\n${output.slice(-3000)}`));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      res(true);
    });
  });
}

/**
 * Starts both halves. `computeEnv` reaches the functions (ANTHROPIC_BASE_URL, BACKFILL_*).
 * `dataDir`: import from and export to this folder (npm start's persistence).
 * `extraCodebases`: more functions codebases for the compute half (the benchmark's bare queue).
 * `computeFirestoreHost`: where the functions reach Firestore (the benchmark's counting proxy).
 */
export async function startStack({ ports = DEV_PORTS, dataDir, computeEnv = {}, logFile, extraCodebases = [], computeFirestoreHost } = {}) {
  const launcher = ensureLauncherJar();
  // The functions port is fixed, so Firestore's target survives compute restarts.
  const baseEnv = { ...LOCAL_ENV, ...(launcher ? { FIRESTORE_EMULATOR_BINARY_PATH: launcher, [FUNCTIONS_ENV]: `127.0.0.1:${ports.functions}` } : {}) };
  const logStream = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  const dataArgs = dataDir ? ["--export-on-exit", dataDir, ...(existsSync(join(dataDir, "firebase-export-metadata.json")) ? ["--import", dataDir] : [])] : [];
  const data = await startEmulators({
    name: `data-${ports.firestore}`,
    only: "firestore,auth",
    configFile: writeConfig(`data-${ports.firestore}`, dataConfig(ports)),
    env: baseEnv,
    logStream,
    extraArgs: dataArgs,
  });
  const hostEnv = {
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
    ...LOCAL_ENV,
  };
  const computeFile = writeConfig(`compute-${ports.functions}`, computeConfig(ports, extraCodebases));
  const computeHostEnv = computeFirestoreHost ? { ...hostEnv, FIRESTORE_EMULATOR_HOST: computeFirestoreHost } : hostEnv;
  // Each compute start is a fresh functions emulator (trigger generation 0): register its Firestore triggers again.
  const startCompute = async (extraEnv = {}) => {
    const child = await startEmulators({
      name: `compute-${ports.functions}`,
      only: "functions,tasks,hosting",
      configFile: computeFile,
      env: { ...computeHostEnv, ...computeEnv, ...extraEnv },
      logStream,
    });
    const started = Date.now();
    try {
      const keys = await registerFirestoreTriggers({ projectId: PROJECT_ID, functionsPort: ports.functions, firestorePort: ports.firestore });
      if (keys.length) logStream?.write(`[stack] Firestore triggers registered in ${Date.now() - started} ms: ${keys.join(", ")}\n`);
      if (keys.length && !launcher) logStream?.write("[stack] no launcher jar: Firestore has no --functions_emulator, these triggers will not fire\n");
    } catch (error) {
      killGroup(child, "SIGKILL");
      throw error;
    }
    return child;
  };
  let compute;
  try {
    compute = await startCompute();
  } catch (error) {
    killGroup(data, "SIGKILL");
    throw error;
  }
  const stack = {
    ports,
    env: { ...hostEnv, CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${ports.tasks}` },
    apiUrl: `http://127.0.0.1:${ports.hosting}/api/admin/backfill`,
    pids: () => ({ data: data.pid, compute: compute.pid }),
    /** A crash: SIGKILL to the compute process group (functions workers, tasks queue). */
    async killCompute() {
      killGroup(compute, "SIGKILL");
      await exited(compute, 10_000);
    },
    /** Starts the compute half again, optionally with extra environment (fault injection). */
    async restartCompute(extraEnv = {}) {
      compute = await startCompute(extraEnv);
    },
    async stop() {
      killGroup(compute, "SIGINT");
      if (!(await exited(compute, 15_000))) killGroup(compute, "SIGKILL");
      process.kill(data.pid, "SIGINT"); // the CLI exports on exit, then stops Firestore
      if (!(await exited(data, 60_000))) killGroup(data, "SIGKILL");
      killGroup(data, "SIGKILL"); // the Firestore JVM, should it outlive the CLI
      logStream?.end();
    },
  };
  return stack;
}

export const KIND_TEST_PORTS = { firestore: 38080, firestoreWs: 39150, hub: 34400, logging: 34500 };

/**
 * The Firestore emulator alone (`npm run test:kinds`: the kind contract tests need nothing else).
 * Resolves to `{ env, stop }`; stop ends the CLI and the Firestore JVM it started, by process group.
 */
export async function startFirestoreOnly({ ports = KIND_TEST_PORTS, logFile } = {}) {
  const launcher = ensureLauncherJar();
  const env = { ...LOCAL_ENV, ...(launcher ? { FIRESTORE_EMULATOR_BINARY_PATH: launcher } : {}) };
  const logStream = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  const config = {
    firestore: { rules: "firestore.rules", indexes: "firestore.indexes.json" },
    emulators: {
      singleProjectMode: true,
      ui: { enabled: false },
      hub: { port: ports.hub },
      logging: { port: ports.logging },
      firestore: { port: ports.firestore, websocketPort: ports.firestoreWs },
    },
  };
  const child = await startEmulators({
    name: `firestore-${ports.firestore}`,
    only: "firestore",
    configFile: writeConfig(`firestore-${ports.firestore}`, config),
    env,
    logStream,
  });
  return {
    env: { FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`, ...LOCAL_ENV },
    async stop() {
      process.kill(child.pid, "SIGINT");
      if (!(await exited(child, 30_000))) killGroup(child, "SIGKILL");
      killGroup(child, "SIGKILL");
      logStream?.end();
    },
  };
}
