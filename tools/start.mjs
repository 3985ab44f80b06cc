// `npm start`: the whole thing locally. Builds the functions, starts the fake Claude server, the
// dashboard simulator and the emulator stack (data persisted in .emulator-data across restarts), writes the demo data and the
// admin user, runs the recovery every minute (the emulator fires no schedules; the first run starts
// seed 000's difficulty backfill if its flag is not true), and prints where everything is.
// Ctrl-C stops what this script started (by PID) and exports the data.
import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { demoAdminToken, seedDemo } from "./demo-data.mjs";
import { startDashboardSim } from "./dashboard-sim/server.mjs";
import { startFakeClaude } from "./fake-claude/server.mjs";
import { buildPage } from "./setup/build-page.mjs";
import { DEV_PORTS, ROOT, startStack } from "./stack/stack.mjs";

execSync("npm run build --workspace functions --silent", { cwd: ROOT, stdio: "inherit" });
await buildPage();
mkdirSync(join(ROOT, ".stack/dev"), { recursive: true });
const logFile = join(ROOT, ".stack/dev/emulators.log");

const claude = await startFakeClaude({ port: Number(process.env.FAKE_CLAUDE_PORT ?? 8787) });
await fetch(`${claude.url}/__control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ latencyMs: 200 }) });
const dashboard = await startDashboardSim({ port: Number(process.env.DASHBOARD_SIM_PORT ?? 8788) });
console.log(`Starting the emulators (log: ${logFile}) ...`);
const stack = await startStack({
  ports: DEV_PORTS,
  dataDir: join(ROOT, ".emulator-data"),
  logFile,
  computeEnv: {
    ANTHROPIC_BASE_URL: claude.url,
    DASHBOARD_BASE_URL: dashboard.url,
    BACKFILL_STARTUP_ID: `npm-start-${Date.now()}`,
    PROCESS_METADATA_BACKFILL_ENABLED: "true",
  },
});
Object.assign(process.env, stack.env);
const demo = await seedDemo();

async function recover() {
  try {
    const token = await demoAdminToken(stack.env.FIREBASE_AUTH_EMULATOR_HOST);
    // Enqueued (202): the run's report is logged by the functions ("Backfill recovery: ...").
    const res = await fetch(`${stack.apiUrl}/recovery`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 202) console.error(`recovery request refused: ${res.status} ${await res.text()}`);
  } catch (error) {
    console.error(`recovery run failed: ${error}`);
  }
}
await recover();
const timer = setInterval(recover, 60_000);

const p = DEV_PORTS;
console.log(`
Backfill engine is running (project demo-backfill).
  Admin page:     http://127.0.0.1:${p.hosting}/
  API:            ${stack.apiUrl}
  Admin user:     ${demo.admin.email} / ${demo.admin.password}   (token for curl: TOKEN=$(npm run -s token))
  Fake Claude:    ${claude.url}   (POST /__control to inject latency, 429, 529, malformed answers)
  Dashboard sim:  ${dashboard.url}   (the Toastmasters CSV export; POST /__control for 503 bursts, timeouts, closing periods)
  Emulators:      Firestore 127.0.0.1:${p.firestore}, Auth 127.0.0.1:${p.auth}, Functions 127.0.0.1:${p.functions}, Tasks 127.0.0.1:${p.tasks}, Hosting 127.0.0.1:${p.hosting}
  Seed 004:       npm run demo:metadata -- order-fulfilment priority request.priority   (adds a metadata path; a backfill job follows)
  Function logs:  ${logFile}
Press Ctrl-C to stop (data is saved to .emulator-data).`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  console.log("Stopping ...");
  await stack.stop();
  await claude.close();
  await dashboard.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
