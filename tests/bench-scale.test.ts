/** The scale model (tools/bench/scale.mjs, `npm run bench -- scale`): pure arithmetic over production's limits. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** Runs `body` (an async function of the scale module) in Node and returns its JSON result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the model's JSON, asserted field by field
function model(body: string): any {
  const script = `import * as s from "./tools/bench/scale.mjs"; const out = await (${body})(s); console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

test("one item per task is bound by its slots: 200 slots of 1 s make 200 items/s, 1M items in 5,000 s", () => {
  const out = model(`async (s) => s.timeFor(1_000_000, { batchSize: 1, slotMs: 1000, effectWritesPerItem: 1 }, { ramp: false })`);
  expect(out).toEqual({ seconds: 5000, limit: "concurrency (200 slots x 1000 ms per item)", perSecond: 200 });
});

test("a fast item path is bound by the queue's 500 dispatches/s; the sharded checkpoint index takes twice that", () => {
  const out = model(`async (s) => s.ceilings({ batchSize: 1, slotMs: 100 })`);
  expect(out).toMatchObject({ binding: "queue dispatches (500/s per queue)", perSecond: 500 });
  expect(out.limits["checkpoint finishedAt index (2 shards x 500 writes/s)"]).toBe(1000);
});

test("a new collection's ramp: 500 writes/s for 5 minutes, then 50% more each 5 minutes", () => {
  // 150,000 + 225,000 + 337,500 in the first 15 minutes, the last 287,500 at 1,687.5/s (170.4 s).
  const out = model(`async (s) => s.timeFor(1_000_000, { batchSize: 100, slotMs: 1600, effectWritesPerItem: 1 }, { ramp: true })`);
  expect(out.seconds).toBe(1070);
  expect(out.limit).toBe("Firestore ramp for a new collection (500/50/5)");
});

test("the model takes a run's measured per-item times, and falls back to the recorded defaults", () => {
  const out = model(`async (s) => [
    s.measuredFrom({ overhead: { a: { engine: { timeline: { slot: { p50Ms: 250 }, run: { p50Ms: 40 } } } } } }).oneItemPerTask,
    s.measuredFrom(null).oneItemPerTask.slotMs,
    s.scaleModel().length,
  ]`);
  expect(out[0]).toMatchObject({ batchSize: 1, slotMs: 250, runMs: 40 });
  expect(out[1]).toBe(1000);
  expect(out[2]).toBe(8);
});

test("`npm run bench -- scale` prints both modes at 1M and 10M without starting a stack", () => {
  const run = spawnSync(process.execPath, ["tools/bench/run.mjs", "scale"], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  expect(run.status).toBe(0);
  const lines = run.stdout.split("\n").filter((l) => l.includes("bound by"));
  expect(lines).toHaveLength(8);
  expect(lines.filter((l) => l.startsWith("batched") && l.includes("10M items"))).toHaveLength(2);
});
