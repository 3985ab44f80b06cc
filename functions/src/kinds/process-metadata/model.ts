/**
 * Seed 004's data model in Firestore, each schema defined once:
 * - `processModels/{modelId}`: a process model; `metadataExtractionPaths` lists the metadata it
 *   extracts from its instances' task data: `{key, path}`, path dotted into the data (`order.total`,
 *   `items.0.sku`).
 * - `processInstances/{instanceId}`: one run of a model (`processModelId`), with its tasks in
 *   `processInstances/{instanceId}/tasks/{taskId}`: `data` (a map) and `completedAt` (absent or null
 *   while the task is open).
 * - `processInstances/{instanceId}/metadata/{key}`: the instance's metadata record for one key, like
 *   the seed's metadata table (one row per instance and key). Own documents rather than a map on
 *   the instance: the workflow keeps writing the instance document (one write/s per document), a
 *   backfill must not contend with it or grow it toward 1 MiB, and a collection-group query on
 *   `metadata` (key, value) finds instances by metadata as the seed's reports do.
 * - `processInstances/{instanceId}/metadataBackfillErrors/{jobId}`: a permanent error of one
 *   instance in one backfill job (bad task data, a value too large to index).
 */
import { type Firestore, Timestamp } from "firebase-admin/firestore";
import { z } from "zod";

export const PROCESS_MODELS = "processModels";
export const PROCESS_INSTANCES = "processInstances";
export const TASKS = "tasks";
export const METADATA = "metadata";
export const INSTANCE_ERRORS = "metadataBackfillErrors";

/** A Firestore document id we create or accept from requests. */
export const docId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "letters, digits, _ and - (at most 128)");
/** A metadata key: also the id of its record document. */
export const metadataKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "a letter, then letters, digits, _ or - (at most 64)");
/** Dotted segments into task data; a numeric segment indexes an array. */
export const dataPath = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, "dotted segments without spaces, e.g. order.total")
  .max(300);

export const extractionPathSchema = z.strictObject({ key: metadataKey, path: dataPath });
export type ExtractionPath = z.infer<typeof extractionPathSchema>;

export const extractionPathsSchema = z
  .array(extractionPathSchema)
  .max(50)
  .superRefine((paths, ctx) => {
    const seen = new Set<string>();
    paths.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `key "${p.key}" appears twice` });
      seen.add(p.key);
    });
  });

/** Only the fields the backfill reads; a model document may hold anything else. */
export const processModelSchema = z.looseObject({
  displayName: z.string().optional(),
  metadataExtractionPaths: extractionPathsSchema.default([]),
});
export type ProcessModel = z.infer<typeof processModelSchema>;

export const taskSchema = z.looseObject({
  data: z.record(z.string(), z.unknown()),
  completedAt: z.instanceof(Timestamp, { message: "completedAt must be a timestamp" }),
});

/** One record of `processInstances/{id}/metadata/{key}`. */
export interface MetadataRecord {
  key: string;
  value: string;
  processModelId: string;
  processInstanceId: string;
  /** The task whose data the value came from, and the job that wrote it. */
  sourceTaskId: string;
  jobId: string | null;
  updatedAt: Timestamp;
}

export const modelRef = (db: Firestore, modelId: string) => db.collection(PROCESS_MODELS).doc(modelId);
export const instanceRef = (db: Firestore, instanceId: string) => db.collection(PROCESS_INSTANCES).doc(instanceId);
export const metadataRef = (db: Firestore, instanceId: string, key: string) => instanceRef(db, instanceId).collection(METADATA).doc(key);
export const instanceErrorRef = (db: Firestore, instanceId: string, jobId: string) => instanceRef(db, instanceId).collection(INSTANCE_ERRORS).doc(jobId);
