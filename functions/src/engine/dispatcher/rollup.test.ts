import { Timestamp } from "firebase-admin/firestore";
import { initialDispatcherState, newJobDoc } from "../job-store";
import { LEASE_MS } from "../liveness";
import { ProgressCounter } from "./counter";
import { rollup } from "./rollup";

const job = {
  id: "j",
  ...newJobDoc(
    {
      kind: "k",
      params: {},
      rateLimits: { requestsPerMinute: 60, maxConcurrency: 1, minDelayMs: 0 },
      actor: { uid: "u", email: null },
      system: false,
      retryOf: null,
      total: 2,
    },
    "running",
    0,
  ),
};
const input = (counter: ProgressCounter, heartbeat: boolean) => ({
  job,
  state: initialDispatcherState(0),
  counter,
  now: 5000,
  plan: job.plan,
  limiterState: "releasing" as const,
  inFlight: 1,
  releasedLastMinute: 1,
  heartbeat,
});

test("updatedAt moves only with the counts; heartbeatAt only when due; the lease moves on with the job write", () => {
  const idle = rollup(input(new ProgressCounter(job, null, 0), false));
  expect(idle.updatedAt).toBeNull();
  expect(idle.jobFields).not.toHaveProperty("updatedAt");
  expect(idle.jobFields).not.toHaveProperty("heartbeatAt");
  expect(idle.stateFields).toMatchObject({ leaseUntil: 5000 + LEASE_MS, lastRollupAt: 5000 });

  const counter = new ProgressCounter(job, null, 0);
  counter.apply("a", { outcome: "succeeded", finishedAt: Timestamp.fromMillis(4000), attempts: 1, target: null, item: {}, error: null, detail: null }, 4000);
  const moved = rollup(input(counter, true));
  expect(moved.updatedAt?.toMillis()).toBe(5000);
  expect(moved.jobFields).toMatchObject({
    updatedAt: Timestamp.fromMillis(5000),
    heartbeatAt: Timestamp.fromMillis(5000),
    progress: { processed: 1, succeeded: 1 },
  });
  expect(moved.stateFields.countedThrough?.toMillis()).toBe(4000);
});

test("the roll-up carries the error summary, the tallies and the kind's summary of them", () => {
  const counter = new ProgressCounter(job, null, 0, { metrics: ["hits"], tallies: ["tags"] });
  counter.apply(
    "a",
    { outcome: "succeeded", finishedAt: Timestamp.fromMillis(1000), attempts: 1, target: null, item: {}, error: null, detail: { hits: 2, tags: ["x", "y"] } },
    1000,
  );
  counter.apply(
    "b",
    {
      outcome: "failed",
      finishedAt: Timestamp.fromMillis(2000),
      attempts: 1,
      target: null,
      item: {},
      error: { message: "m", retryable: false, type: "E" },
      detail: { tags: "x" },
    },
    2000,
  );
  const summarize = ({ metrics, tallies }: { metrics: Record<string, number>; tallies: Record<string, Record<string, number>> }) => ({
    hits: metrics.hits,
    values: Object.keys(tallies.tags ?? {}),
  });
  const r = rollup({ ...input(counter, false), summarize });
  expect(r.jobFields).toMatchObject({
    metrics: { hits: 2 },
    tallies: { tags: { x: 2, y: 1 } },
    errorSummary: { retryable: 0, permanent: 1, byType: { E: 1 } },
    summary: { hits: 2, values: ["x", "y"] },
  });
  expect(rollup(input(counter, false)).jobFields).not.toHaveProperty("summary");
});
