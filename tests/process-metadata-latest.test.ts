/**
 * Property (seed 004): the metadata comes from the most recent task's data, and only from it, over
 * generated task histories (ties in completion time, open tasks, ids out of time order, paths
 * present or missing), through the real query against the Firestore emulator.
 */
import fc from "fast-check";
import { readBatch } from "../functions/src/kinds/process-metadata/backfill-batch";
import { latestTaskSpec, type TaskSpec, writeInstance } from "./support/processes";
import { adminDb, clearFirestore } from "./support/stack";

beforeAll(() => clearFirestore());

const PATHS = [
  { key: "priority", path: "request.priority" },
  { key: "sku", path: "items.0.sku" },
];

const data = fc.record(
  {
    request: fc.record({ priority: fc.oneof(fc.constantFrom("low", "high"), fc.integer(), fc.constant(null)) }, { requiredKeys: [] }),
    items: fc.array(fc.record({ sku: fc.string({ minLength: 1, maxLength: 4 }) }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const task = fc.record({
  completedAt: fc.option(
    fc.integer({ min: 1, max: 4 }).map((s) => 1_700_000_000_000 + s * 1000),
    { nil: null },
  ),
  data,
});
const tasks = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,6}$/), spec: task }), { selector: (t) => t.id, maxLength: 6 });

test("property: each value is the latest completed task's, or skipped when that task lacks it", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(tasks, async (generated) => {
      run += 1;
      const instanceId = `prop-${run}`;
      const history: TaskSpec[] = generated.map((t) => ({ id: t.id, completedAt: t.spec.completedAt, data: t.spec.data }));
      await writeInstance(instanceId, "prop-model", history);
      const [plan] = await readBatch(adminDb(), [instanceId], PATHS);
      const latest = latestTaskSpec(history);
      const source = latest?.data as { request?: { priority?: unknown }; items?: Array<{ sku: string }> } | undefined;
      const expected: Record<string, string> = {};
      const priority = source?.request?.priority;
      if (priority !== undefined && priority !== null) expected.priority = typeof priority === "string" ? priority : JSON.stringify(priority);
      if (source?.items?.[0]) expected.sku = source.items[0].sku;
      expect(plan).toEqual({
        instanceId,
        taskId: latest?.id ?? null,
        values: expected,
        skipped: PATHS.map((p) => p.key).filter((k) => !(k in expected)),
      });
    }),
    { numRuns: 120 },
  );
});
