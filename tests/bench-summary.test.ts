/**
 * The summary `npm run bench` ends with (tools/bench/summary.mjs), rendered from a run's results
 * (tests/fixtures/bench-results.json: the run of 2026-12-03, trimmed) through
 * `npm run bench -- summary`'s own path: every figure of issue #17's table, with its target.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

function summaryOf(fixture: string): string {
  const script = `
    import { readFileSync } from "node:fs";
    import { measuredFrom, scaleModel } from "./tools/bench/scale.mjs";
    import { benchSummary } from "./tools/bench/summary.mjs";
    const results = JSON.parse(readFileSync(${JSON.stringify(fixture)}, "utf8"));
    results.scale = scaleModel(measuredFrom(results));
    console.log(benchSummary(results));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

test("the summary names every figure of the table with its target, the slot budget and the scale model", () => {
  const out = summaryOf(join(ROOT, "tests/fixtures/bench-results.json"));
  for (const line of [
    "rate-limit utilisation: 0.929 of 10/s (target >= 0.95); busiest 10 s: 99 calls, limit 100",
    "engine vs seed 000's sequential loop: 2.88x",
    "progress latency: p50 495 ms, p95 996 ms (target p95 <= 1500 ms)",
    "slots: each of the job's slots must turn over within 400 ms to reach 10/s; released -> committed mean 303 ms",
    "overhead (a) one item per task vs bare task function: 0.129 (20.56 vs 159.2 items/s; target >= 0.8)",
    "item timeline (one per task): released -> started p50 169",
    "busiest engine document (target: 1 write in any 1 s): one per task 1 writes in 1 s",
    "overhead (b) batched (100/task) vs BulkWriter, 10000 records: 0.106",
    "overhead (b) batched (100/task) vs BulkWriter, 100000 records: 0.139",
    "engine reads per item, one per task: 2.0819 (target <= 0.3)",
    "engine writes per item: 1.0464 one per task (target <= 1.05), 0.0116 batched (target <= 0.02)",
    "cost per 1M items: $4.33 one per task (target <= $3.25), $0.05 batched (target <= $0.05)",
    "oneItemPerTask 10M items",
    "batched         1M items, new collection",
    "planner memory: peak RSS 120.4 MB over 1000000 items (target < 300 MB)",
  ]) {
    expect(out).toContain(line);
  }
});
