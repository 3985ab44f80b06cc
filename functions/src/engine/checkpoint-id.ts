/**
 * Where an item's checkpoint lives in its job's `backfillCheckpoints` collection, spread so that a
 * job's writes never land in one narrow key range (Firestore's sequential-write hot spot: a job
 * walks its items in key order, so checkpoints named by their key would be created in increasing
 * order and cap the job near 500 writes/s).
 * - The document id is the item key behind a 4-hex-digit hash of it: consecutive keys land far apart.
 * - `shard` (the hash modulo CHECKPOINT_SHARDS) leads the one composite index on `finishedAt`, whose
 *   single-field index is exempted: each shard's entries grow on their own, CHECKPOINT_SHARDS times
 *   the rate one monotonically increasing index takes.
 * Two shards: about 1,000 checkpoint writes/s per job, twice what the item queue can dispatch (500
 * tasks/s for every job together), so the index never binds first. More would cost the emulator:
 * a listener's `in` filter costs it more with each value, on every write to the collection
 * (tools/bench/listener-cost.mjs: 4,000 checkpoints in 33 s with two values, 116 s with ten, 26 s
 * with no shard).
 * Pure (no Firestore import): the admin page names checkpoints with it too.
 */

/**
 * The collection of a job's checkpoints (`backfillJobs/{jobId}/backfillCheckpoints/{checkpointId}`).
 * The engine's own name: index settings (firestore.indexes.json) apply to every collection of a
 * name, so a generic one ("items") would change the indexing of an app's collections.
 */
export const CHECKPOINTS = "backfillCheckpoints";

/** Shards of the `finishedAt` index; a query over all of them uses `shard in CHECKPOINT_SHARD_LIST`. */
export const CHECKPOINT_SHARDS = 2;
export const CHECKPOINT_SHARD_LIST: readonly number[] = Array.from({ length: CHECKPOINT_SHARDS }, (_, i) => i);

const PREFIX_LENGTH = 5; // 4 hex digits and "-"

/**
 * FNV-1a (32 bits, over the key's UTF-16 code units), then MurmurHash3's finalizer: FNV alone leaves
 * the high bits of keys that differ in their last characters close together.
 */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The checkpoint document id of an item key: `a3f0-{itemKey}`. */
export function checkpointId(itemKey: string): string {
  return `${(hash(itemKey) >>> 16).toString(16).padStart(4, "0")}-${itemKey}`;
}

/** The item key a checkpoint document id names. */
export function itemKeyOf(checkpointDocId: string): string {
  return checkpointDocId.slice(PREFIX_LENGTH);
}

/** The shard of an item's checkpoint (its `shard` field). */
export function checkpointShard(itemKey: string): number {
  return hash(itemKey) % CHECKPOINT_SHARDS;
}
