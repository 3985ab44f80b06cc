// `npm test`: builds, type-checks, runs the offline checks (a full run only: `npm run deploy:check`,
// `npm run lint`, `npm run format:check`), starts the fake Claude server and the emulator stack on
// the test ports, runs every jest test against them, stops everything it started (by PID), and ends
// with the plain summary line "N passed, N failed" (each offline check and the offline guard's log
// count as one more test).
import { execSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { startDashboardSim } from "./dashboard-sim/server.mjs";
import { startFakeClaude } from "./fake-claude/server.mjs";
import { buildPage } from "./setup/build-page.mjs";
import { ROOT, startStack, TEST_PORTS } from "./stack/stack.mjs";

/** Seed 004's backfill on (small batches), fault injection (backfillFaults documents) for the retry tests, the synthetic kind for the fault suite. */
const FEATURE_TEST_ENV = {
  PROCESS_METADATA_BACKFILL_ENABLED: "true",
  PROCESS_METADATA_BATCH_SIZE: "20",
  BACKFILL_FAULT_INJECTION: "true",
  BACKFILL_SYNTHETIC_KIND: "true",
};

const run = (cmd) => execSync(cmd, { cwd: ROOT, stdio: "inherit" });
run("npm run build --workspace functions --silent");
run("npx tsc -p tsconfig.json");
run("npx tsc -p hosting/tsconfig.json");
await buildPage();

// What production would refuse (deploy:check: also the one run that may fill npm's cache for the
// functions' isolated install, as the offline guard below is not loaded yet), lint warnings and
// unformatted code, before anything starts.
const fullRun = process.argv.length === 2;
const OFFLINE_CHECKS = {
  "deploy:check": ["tools/deploy-check/run.mjs"],
  lint: ["node_modules/eslint/bin/eslint.js", ".", "--max-warnings", "0"],
  "format:check": ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "."],
};
const failedChecks = fullRun
  ? Object.entries(OFFLINE_CHECKS)
      .filter(([, [script, ...args]]) => spawnSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, stdio: "inherit" }).status !== 0)
      .map(([name]) => name)
  : [];
const checksRun = fullRun ? Object.keys(OFFLINE_CHECKS).length : 0;

const outDir = join(ROOT, ".stack/test");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const stackLog = join(outDir, "emulators.log");
const summaryFile = join(outDir, "summary.json");
// Nothing leaves this machine: every Node process of the run (emulators, functions, jest, spawned scripts) loads the offline guard; tests/offline.test.ts reads its log.
Object.assign(process.env, {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(join(ROOT, "tools/stack/offline-guard.cjs"))}`.trim(),
  BACKFILL_OFFLINE_LOG: join(outDir, "offline.log"),
});

const claude = await startFakeClaude({ port: 18787 });
const dashboard = await startDashboardSim({ port: 18788 });
let stack;
let control;
let jest;
let code = 1;
// Interrupted (Ctrl-C, CI timeout): stop jest and the emulators this run started, by PID.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    jest?.kill("SIGKILL");
    control?.server.close();
    await stack?.stop();
    process.exit(130);
  });
}
try {
  stack = await startStack({
    ports: TEST_PORTS,
    logFile: stackLog,
    computeEnv: {
      ANTHROPIC_BASE_URL: claude.url,
      BACKFILL_TICK_SECONDS: "20",
      BACKFILL_STARTUP_ID: "test-run",
      ...dashboardTestEnv(dashboard.url),
      ...FEATURE_TEST_ENV,
    },
  });
  control = await startControl(stack);
  const jestArgs = process.argv.slice(2);
  code = await new Promise((resolve) => {
    const child = (jest = spawn(join(ROOT, "node_modules/.bin/jest"), jestArgs, {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        ...stack.env,
        ...dashboardTestEnv(dashboard.url),
        ...FEATURE_TEST_ENV,
        DASHBOARD_SIM_URL: dashboard.url,
        FAKE_CLAUDE_URL: claude.url,
        STACK_API_URL: stack.apiUrl,
        STACK_CONTROL_URL: control.url,
        STACK_LOG_FILE: stackLog,
        JEST_SUMMARY_FILE: summaryFile,
      },
    }));
    child.once("exit", (c) => resolve(c ?? 1));
  });
} finally {
  control?.server.close();
  await stack?.stop();
  await claude.close();
  await dashboard.close();
}
const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, "utf8")) : { passed: 0, failed: 1 };
const offlineLog = process.env.BACKFILL_OFFLINE_LOG;
const leftMachine = existsSync(offlineLog) ? readFileSync(offlineLog, "utf8").trim() : "";
for (const name of failedChecks) console.log(`npm test: npm run ${name} found problems (above)`);
if (leftMachine) console.log(`npm test: connections off this machine were refused during the run:\n${leftMachine}`);
const extra = { passed: checksRun - failedChecks.length + Number(!leftMachine), failed: failedChecks.length + Number(Boolean(leftMachine)) };
const passed = summary.passed + extra.passed;
const failed = summary.failed + extra.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 && summary.passed > 0 ? 0 : 1);

/** The dashboard client in tests: the simulator, short timeouts, a breaker that reacts fast. */
function dashboardTestEnv(url) {
  return {
    DASHBOARD_BASE_URL: url,
    DASHBOARD_TIMEOUT_MS: "2000",
    DASHBOARD_CIRCUIT_FAILURES: "3",
    DASHBOARD_CIRCUIT_COOLDOWN_SECONDS: "4",
    DASHBOARD_CIRCUIT_MAX_OUTAGE_MINUTES: "10",
  };
}

function body(req) {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });
}

/** Lets crash tests kill and restart the compute half of the stack this process owns. */
function startControl(s) {
  const server = createServer(async (req, res) => {
    try {
      if (req.method === "POST" && req.url === "/compute/kill") await s.killCompute();
      else if (req.method === "POST" && req.url === "/compute/restart") await s.restartCompute(JSON.parse((await body(req)) || "{}"));
      else return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(s.pids()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}
