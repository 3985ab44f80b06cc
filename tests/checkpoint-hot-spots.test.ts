/**
 * Checkpoints do not make a job a sequential-write hot spot (Firestore: ~500 writes/s on a narrow
 * key range or a monotonically increasing indexed value). A job walks its items in key order, so:
 * - checkpoint ids of consecutive keys are spread over the id space (a hash leads them);
 * - every field a checkpoint is written with is either exempted from single-field indexing or
 *   takes few values (outcome, attempts, shard), and `finishedAt` is indexed only behind `shard`.
 * Offline: production's indexing is what the emulator does not check.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHECKPOINT_SHARDS, CHECKPOINTS, checkpointId, checkpointShard, itemKeyOf } from "../functions/src/engine/checkpoint-id";
import { checkpointSchema } from "../functions/src/engine/job-schema";

const ROOT = join(__dirname, "..");
const spec = JSON.parse(readFileSync(join(ROOT, "firestore.indexes.json"), "utf8")) as {
  indexes: Array<{ collectionGroup: string; fields: Array<{ fieldPath: string; order?: string }> }>;
  fieldOverrides: Array<{ collectionGroup: string; fieldPath: string; indexes: unknown[] }>;
};

/** Fields whose values are few whatever the job's size: their index entries spread with the (hashed) ids. */
const FEW_VALUES = new Set(["outcome", "attempts", "shard"]);

const sequentialKeys = fc
  .record({ prefix: fc.stringMatching(/^[a-z~-]{0,8}$/), start: fc.nat(1e8), width: fc.integer({ min: 6, max: 10 }) })
  .map(({ prefix, start, width }) => Array.from({ length: 256 }, (_, i) => `${prefix}${String(start + i).padStart(width, "0")}`));

test("an id names its key back, and the shard is in range, for any key", () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 60 }), (key) => {
      expect(itemKeyOf(checkpointId(key))).toBe(key);
      expect(checkpointShard(key)).toBeGreaterThanOrEqual(0);
      expect(checkpointShard(key)).toBeLessThan(CHECKPOINT_SHARDS);
    }),
    { numRuns: 200 },
  );
});

test("256 consecutive keys (a job's items in flight): their ids hit at least half of the id space's 256 ranges (uniform: ~162), and both shards, neither above 1.25 times its share (a fair split: 128 +- 8)", () => {
  fc.assert(
    fc.property(sequentialKeys, (keys) => {
      const ranges = new Set(keys.map((key) => checkpointId(key).slice(0, 2)));
      const shards = new Map<number, number>();
      for (const key of keys) shards.set(checkpointShard(key), (shards.get(checkpointShard(key)) ?? 0) + 1);
      expect(ranges.size).toBeGreaterThanOrEqual(128);
      expect(shards.size).toBe(CHECKPOINT_SHARDS);
      expect(Math.max(...shards.values())).toBeLessThanOrEqual((1.25 * keys.length) / CHECKPOINT_SHARDS);
    }),
    { numRuns: 100 },
  );
});

test("every field a checkpoint is written with is exempted from single-field indexing or takes few values", () => {
  const exempted = new Set(spec.fieldOverrides.filter((o) => o.collectionGroup === CHECKPOINTS && o.indexes.length === 0).map((o) => o.fieldPath));
  const written = [...Object.keys(checkpointSchema.shape), "shard"];
  expect(written.filter((field) => !exempted.has(field) && !FEW_VALUES.has(field))).toEqual([]);
  expect(exempted.has("finishedAt")).toBe(true);
});

test("finishedAt is indexed only behind shard, so each shard's entries grow on their own", () => {
  const withFinishedAt = spec.indexes.filter((i) => i.collectionGroup === CHECKPOINTS && i.fields.some((f) => f.fieldPath === "finishedAt"));
  expect(withFinishedAt.map((i) => i.fields.map((f) => f.fieldPath))).toEqual([["shard", "finishedAt"]]);
});
