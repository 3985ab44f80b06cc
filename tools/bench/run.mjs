// `npm run bench`: builds the functions, starts its own stack on the benchmark ports (with the bare
// queue codebase, the synthetic kind, and the counting proxy between the functions and Firestore)
// and the fake Claude, runs every benchmark in one run, prints the figures (and writes them to
// .stack/bench/results.json), and stops everything it started. Figures go into BENCHMARKS.md.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { startFakeClaude } from "../fake-claude/server.mjs";
import { BENCH_PORTS, ROOT, startStack } from "../stack/stack.mjs";
import { benchContext } from "./context.mjs";
import { costPerMillion } from "./cost.mjs";
import { engineDocument } from "./doc-writes.mjs";
import { startFirestoreCounter } from "./firestore-counter.mjs";
import { overheadBench } from "./overhead.mjs";
import { plannerMemoryBench } from "./planner-memory.mjs";
import { rateLimitBench } from "./rate-limit.mjs";
import { formatScale, measuredFrom, scaleModel } from "./scale.mjs";
import { benchSummary } from "./summary.mjs";

const only = new Set(process.argv.slice(2));
const wanted = (name) => only.size === 0 || only.has(name);
const resultsFile = join(ROOT, ".stack/bench/results.json");
if (only.size === 1 && only.has("scale")) {
  // The model alone: from the last run's measured figures, if any. No stack.
  const last = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : null;
  console.log(`Scale model (per-item times from ${last?.overhead ? `the run of ${last.date}` : "the defaults in scale.mjs"}):`);
  console.log(formatScale(scaleModel(measuredFrom(last))));
  process.exit(0);
}
if (only.size === 1 && only.has("summary")) {
  // The last run's summary again, from its results file. No stack.
  if (!existsSync(resultsFile)) throw new Error(`no benchmark results yet (${resultsFile}): run npm run bench`);
  console.log(benchSummary(JSON.parse(readFileSync(resultsFile, "utf8"))));
  process.exit(0);
}

execSync("npm run build --workspace functions --silent", { cwd: ROOT, stdio: "inherit" });
const outDir = join(ROOT, ".stack/bench");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const logFile = join(outDir, "emulators.log");

const claude = await startFakeClaude({ port: 28787 });
const counter = await startFirestoreCounter({ upstream: `127.0.0.1:${BENCH_PORTS.firestore}`, logWrites: engineDocument });
let stack;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await stack?.stop();
    process.exit(130);
  });
}
const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
};
try {
  console.log(`Starting the benchmark stack (log: ${logFile}) ...`);
  stack = await startStack({
    ports: BENCH_PORTS,
    logFile,
    computeEnv: { ANTHROPIC_BASE_URL: claude.url, BACKFILL_SYNTHETIC_KIND: "true", BACKFILL_STARTUP_ID: "bench", BACKFILL_ITEM_TIMING: "true" },
    extraCodebases: [{ source: "tools/bench/bare-queue", codebase: "bench", runtime: "nodejs22" }],
    computeFirestoreHost: `127.0.0.1:${counter.port}`,
  });
  Object.assign(process.env, stack.env);
  const ctx = await benchContext({ stack, counter, claudeUrl: claude.url, logFile });
  if (wanted("rate-limit")) {
    console.log("Rate-limit utilisation and progress latency ...");
    results.rateLimit = await rateLimitBench(ctx, claude.url);
    console.log(JSON.stringify(results.rateLimit, null, 2));
  }
  if (wanted("overhead")) {
    console.log("Engine overhead (10,000 items one per task and batched, 100,000 batched) ...");
    results.overhead = await overheadBench(ctx);
    results.cost = { oneItemPerTask: costPerMillion(results.overhead.a.engine), batched: costPerMillion(results.overhead.b.engine) };
    console.log(JSON.stringify({ overhead: results.overhead, cost: results.cost }, null, 2));
  }
  if (wanted("planner")) {
    console.log("Planner memory (1,000,000 items) ...");
    results.planner = await plannerMemoryBench(stack.env);
    console.log(JSON.stringify(results.planner, null, 2));
  }
} finally {
  await stack?.stop();
  await counter.close();
  await claude.close();
}
results.scale = scaleModel(measuredFrom(results));
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
console.log(benchSummary(results));
