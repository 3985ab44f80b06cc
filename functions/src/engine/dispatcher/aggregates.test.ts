import { Timestamp } from "firebase-admin/firestore";
import fc from "fast-check";
import type { Checkpoint } from "../job-schema";
import { addCheckpoint, addTallies, emptyAggregates, MAX_TALLY_VALUES, OTHER } from "./aggregates";

const cp = (outcome: Checkpoint["outcome"], extra: Partial<Checkpoint> = {}): Checkpoint => ({
  outcome,
  finishedAt: Timestamp.fromMillis(1),
  attempts: 1,
  target: null,
  item: {},
  detail: null,
  error: null,
  ...extra,
});

test("tallies count each value of a string or string-list detail; other details and empty values count nothing", () => {
  let t = addTallies({}, ["cols", "date"], { cols: ["a: X", "b: Y"], date: "2025-03-10", other: "z" });
  t = addTallies(t, ["cols", "date"], { cols: ["a: X", ""], date: 3 });
  t = addTallies(t, ["cols", "date"], null);
  expect(t).toEqual({ cols: { "a: X": 2, "b: Y": 1 }, date: { "2025-03-10": 1 } });
});

test("a tally keeps at most MAX_TALLY_VALUES distinct values; later new ones are counted together", () => {
  let t = {};
  for (let i = 0; i < MAX_TALLY_VALUES + 5; i += 1) t = addTallies(t, ["v"], { v: `value ${i}` });
  t = addTallies(t, ["v"], { v: "value 0" });
  const counts = (t as Record<string, Record<string, number>>).v;
  expect(Object.keys(counts)).toHaveLength(MAX_TALLY_VALUES + 1);
  expect(counts[OTHER]).toBe(5);
  expect(counts["value 0"]).toBe(2);
});

test("the error summary splits failed items into retryable and permanent, and counts them by type", () => {
  const names = {};
  let agg = emptyAggregates();
  agg = addCheckpoint(agg, names, cp("failed", { error: { message: "503", retryable: true, type: "DashboardUnavailableError" } }));
  agg = addCheckpoint(agg, names, cp("failed", { error: { message: "404", retryable: false, type: "DashboardHttpError" } }));
  agg = addCheckpoint(agg, names, cp("failed", { error: { message: "old", retryable: false } }));
  agg = addCheckpoint(agg, names, cp("succeeded"));
  expect(agg.errorSummary).toEqual({ retryable: 1, permanent: 2, byType: { DashboardUnavailableError: 1, DashboardHttpError: 1, Error: 1 } });
});

test("property: aggregates do not depend on the order checkpoints are counted in", () => {
  const checkpoint = fc
    .record({
      outcome: fc.constantFrom("succeeded", "failed", "skipped", "unavailable"),
      target: fc.option(fc.constantFrom("1", "61", "F"), { nil: null }),
      n: fc.integer({ min: 0, max: 9 }),
      tags: fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 3 }),
      retryable: fc.boolean(),
    })
    .map((c) =>
      cp(c.outcome, {
        target: c.target,
        detail: { n: c.n, tags: c.tags },
        error: c.outcome === "failed" ? { message: "m", retryable: c.retryable, type: c.retryable ? "T" : "P" } : null,
      }),
    );
  fc.assert(
    fc.property(
      fc
        .array(checkpoint, { maxLength: 30 })
        .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
      ([list, shuffled]) => {
        const names = { metrics: ["n"], tallies: ["tags"] };
        const count = (l: Checkpoint[]) => l.reduce((agg, c) => addCheckpoint(agg, names, c), emptyAggregates());
        const a = count(list);
        const b = count(shuffled);
        expect(b.metrics).toEqual(a.metrics);
        expect(b.errorSummary.retryable + b.errorSummary.permanent).toBe(list.filter((c) => c.outcome === "failed").length);
        const sorted = (x: ReturnType<typeof count>) =>
          JSON.stringify(x, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
        expect(sorted(b)).toBe(sorted(a));
      },
    ),
    { numRuns: 100 },
  );
});
