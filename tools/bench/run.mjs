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
const results = { date: new Date().toISOString(), machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}` };
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
console.log(summary(results));

/** What the rate-limit job's slots allow: concurrency over the slot budget. */
const LIMITS_NOTE = (x) => `each of the job's slots must turn over within ${x.slotBudgetMs} ms to reach ${x.limitPerSecond}/s`;

function summary(r) {
  const lines = [`Benchmarks ${r.date} on ${r.machine}`];
  if (r.rateLimit) {
    const x = r.rateLimit;
    lines.push(`rate-limit utilisation: ${x.utilisation} of ${x.limitPerSecond}/s (target >= 0.95); busiest 10 s: ${x.busiest10s} calls, limit ${x.allowed10s}`);
    lines.push(`engine vs seed 000's sequential loop: ${x.speedUp}x (${x.engineItemsPerSecond} vs ${x.sequentialItemsPerSecond} items/s; target >= 2.8x)`);
    lines.push(`progress latency: p50 ${x.progressLatency.p50Ms} ms, p95 ${x.progressLatency.p95Ms} ms (target p95 <= 1500 ms)`);
    const tl = x.timeline;
    if (tl?.held) lines.push(`  slots: ${LIMITS_NOTE(x)}; released -> committed mean ${tl.held.meanMs} ms (p50 ${tl.held.p50Ms}): released -> started p50 ${tl.queue.p50Ms} ms, started -> committed p50 ${tl.run.p50Ms} ms`);
  }
  if (r.overhead) {
    const { a, b, b100k } = r.overhead;
    const t = (x) => (x ? `p50 ${x.p50Ms} / p95 ${x.p95Ms} / p99 ${x.p99Ms} ms` : "n/a");
    const cpu = (x) => `${x.functionsMs} ms functions, ${x.platformMs} ms tasks/functions emulator, ${x.firestoreMs} ms Firestore`;
    lines.push(`overhead (a) one item per task vs bare task function: ${a.ratio} (${a.engine.itemsPerSecond} vs ${a.bare.itemsPerSecond} items/s; target >= 0.8)`);
    lines.push(`  item timeline (one per task): released -> started ${t(a.engine.timeline.queue)}; started -> committed ${t(a.engine.timeline.run)}; committed -> shown ${t(a.engine.timeline.shown)}; released -> shown ${t(a.engine.timeline.slot)}`);
    lines.push(`  CPU per item: engine ${cpu(a.engine.cpuPerRecord)}; bare ${cpu(a.bare.cpuPerRecord)}`);
    const hot = (x) => `${x.hotDocuments.busiest1s.writes} writes in 1 s (${x.hotDocuments.busiest1s.category}), closest two ${x.hotDocuments.closest.ms} ms apart (${x.hotDocuments.closest.category})`;
    lines.push(`  busiest engine document (target: 1 write in any 1 s): one per task ${hot(a.engine)}; batched 100k ${hot(b100k.engine)}`);
    lines.push(`  listeners re-sent ${a.engine.listenerResentPerTick} unchanged documents per dispatcher tick (unbilled)`);
    for (const x of [b, b100k]) {
      lines.push(`overhead (b) batched (${x.engine.batchSize}/task) vs BulkWriter, ${x.records} records: ${x.ratio} (${x.engine.itemsPerSecond} vs ${x.bulkWriter.itemsPerSecond} records/s; target >= 0.5); CPU per record ${cpu(x.engine.cpuPerRecord)}`);
    }
    lines.push(`engine reads per item, one per task: ${a.engine.readsPerRecord} (target <= 0.3)`);
    lines.push(`engine writes per item: ${a.engine.writesPerRecord} one per task (target <= 1.05), ${b.engine.writesPerRecord} batched (target <= 0.02); job document writes: ${a.engine.jobDocWrites} and ${b.engine.jobDocWrites} for 10,000 records`);
    lines.push(`cost per 1M items: $${r.cost.oneItemPerTask.total} one per task (target <= $3.25), $${r.cost.batched.total} batched (target <= $0.05)`);
  }
  lines.push(`scale model (production limits, this run's per-item times):\n${formatScale(r.scale)}`);
  if (r.planner) lines.push(`planner memory: peak RSS ${r.planner.peakRssMb} MB over ${r.planner.items} items (target < 300 MB); most items held at once ${r.planner.maxHeld} (page size ${r.planner.pageSize})`);
  return lines.join("\n");
}
