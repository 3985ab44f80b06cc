/**
 * The kind contract for process-metadata: a model with generated extraction paths, its instances
 * (and another model's) with task histories (open tasks, ties in completion time, values present,
 * null or missing), metadata records already equal or different, and instances whose latest task
 * cannot be read or holds a value too large to index; requests for all or some paths, any batch size.
 */
import fc from "fast-check";
import { type Firestore, Timestamp } from "firebase-admin/firestore";
import { kindContract } from "../../testing/kind-contract";
import { processMetadata } from ".";
import { MAX_VALUE_BYTES } from "./data-path";
import { INSTANCE_ERRORS, instanceRef, metadataRef, modelRef, PROCESS_INSTANCES, TASKS } from "./model";
import { effectiveBatchSize } from "./params";

const MODEL = "orders";
const OTHER_MODEL = "invoices";
const SETTINGS = { enabled: true, batchSize: 4 };
const PATHS = [
  { key: "total", path: "order.total" },
  { key: "sku", path: "items.0.sku" },
  { key: "customer", path: "customer" },
  { key: "placedAt", path: "placedAt" },
];
/** Values drawn from a few, so an existing record often holds the task's value already. */
const VALUES = ["42", "7", "alice", "bob", "A-1", "B-2"];

const taskData = fc.record(
  {
    order: fc.record({ total: fc.constantFrom(42, 7, "42", null) }, { requiredKeys: [] }),
    items: fc.array(fc.record({ sku: fc.constantFrom("A-1", "B-2") }), { maxLength: 2 }),
    customer: fc.constantFrom("alice", "bob", null),
    placedAt: fc.integer({ min: 0, max: 2 }).map((d) => Timestamp.fromMillis(Date.UTC(2025, 0, 10 + d))),
  },
  { requiredKeys: [] },
);

const task = fc.record({
  /** Seconds into the day (ties between tasks on purpose), null or absent while the task is open. */
  completedAt: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(null, "open" as const) }),
  data: taskData,
});

/** What makes an instance's latest task unusable: a permanent error of that instance only. */
const broken = fc.constantFrom("data-not-a-map", "completed-at-not-a-timestamp", "value-too-large");

const instance = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,5}$/),
  model: fc.constantFrom(MODEL, MODEL, MODEL, OTHER_MODEL),
  tasks: fc.uniqueArray(fc.record({ id: fc.constantFrom("t1", "t2", "t3", "t10"), spec: task }), { selector: (t) => t.id, maxLength: 3 }),
  broken: fc.option(broken, { nil: null, freq: 6 }),
  /** Records written before (by an earlier job or the workflow), by key. */
  records: fc.dictionary(fc.constantFrom(...PATHS.map((p) => p.key)), fc.constantFrom(...VALUES), { maxKeys: 3 }),
});

const cases = fc
  .record({
    modelPaths: fc.subarray(PATHS, { minLength: 1 }),
    instances: fc.uniqueArray(instance, { selector: (i) => i.id, maxLength: 15 }),
    batchSize: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    somePaths: fc.boolean(),
  })
  .chain((c) =>
    fc
      .record({ requested: c.somePaths ? fc.option(fc.subarray(c.modelPaths, { minLength: 1 }), { nil: null }) : fc.constant(null) })
      .map((r) => ({ ...c, ...r })),
  );
type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;

async function seed(db: Firestore, c: Case): Promise<void> {
  const batch = db.batch();
  batch.set(modelRef(db, MODEL), { displayName: "Orders", metadataExtractionPaths: c.modelPaths });
  batch.set(modelRef(db, OTHER_MODEL), { displayName: "Invoices", metadataExtractionPaths: [PATHS[0]] });
  for (const i of c.instances) {
    batch.set(instanceRef(db, i.id), { processModelId: i.model, status: "running" });
    for (const t of i.tasks) {
      const completedAt =
        t.spec.completedAt === "open"
          ? {}
          : { completedAt: t.spec.completedAt === null ? null : Timestamp.fromMillis(Date.UTC(2025, 0, 20, 12, 0, t.spec.completedAt)) };
      batch.set(instanceRef(db, i.id).collection(TASKS).doc(t.id), { name: `task ${t.id}`, data: t.spec.data, ...completedAt });
    }
    if (i.broken) {
      // the latest task (completed after every other one), unreadable or with a value too large
      const latest = Timestamp.fromMillis(Date.UTC(2025, 0, 21));
      const doc =
        i.broken === "data-not-a-map"
          ? { data: "not a map", completedAt: latest }
          : i.broken === "completed-at-not-a-timestamp"
            ? { data: { customer: "alice" }, completedAt: "2025-01-21" }
            : { data: { customer: "x".repeat(MAX_VALUE_BYTES + 1), order: { total: 42 }, items: [{ sku: "A-1" }], placedAt: latest }, completedAt: latest };
      batch.set(instanceRef(db, i.id).collection(TASKS).doc("t99"), doc);
    }
    for (const [key, value] of Object.entries(i.records)) {
      batch.set(metadataRef(db, i.id, key), {
        key,
        value,
        processModelId: i.model,
        processInstanceId: i.id,
        sourceTaskId: "t0",
        jobId: null,
        updatedAt: Timestamp.fromMillis(Date.UTC(2025, 0, 1)),
      });
    }
  }
  await batch.commit();
}

const paths = (c: Case) => c.requested ?? c.modelPaths;

function params(c: Case): Record<string, unknown> {
  return { modelId: MODEL, ...(c.requested ? { paths: c.requested } : {}), ...(c.batchSize ? { batchSize: c.batchSize } : {}) };
}

/** The model's instances in id order, in batches of the job's batch size; a batch's key is its last id. */
function expectedKeys(c: Case): string[] {
  const ids = c.instances
    .filter((i) => i.model === MODEL)
    .map((i) => i.id)
    .sort();
  const size = effectiveBatchSize(c.batchSize ?? SETTINGS.batchSize, paths(c).length);
  const keys: string[] = [];
  for (let i = 0; i < ids.length; i += size) keys.push(ids[Math.min(ids.length, i + size) - 1]);
  return keys;
}

kindContract({
  kind: processMetadata(SETTINGS),
  cases,
  seed,
  params,
  expectedKeys,
  effects: [PROCESS_INSTANCES],
  perJobReports: [INSTANCE_ERRORS], // each job records the errors it met, by job id
  // each case seeds up to ~120 documents and lists them three ways: half the default runs keep the three kinds' files under 30 s
  listingRuns: 50,
});
