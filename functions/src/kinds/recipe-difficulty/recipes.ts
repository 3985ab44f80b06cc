/** The recipes collection (seed 000's recipe domain) and the system flags store. */
import { FieldPath, type Firestore, Timestamp } from "firebase-admin/firestore";
import { z } from "zod";
import { difficultySchema } from "../../sources/anthropic";

export const RECIPES = "recipes";
export const FLAGS = "systemFlags";
export const DONE_FLAG = "difficulty_backfill_completed";

export const recipeSchema = z.object({
  title: z.string().nullable().optional(),
  ingredients: z.array(z.string()).optional(),
  instructions: z.string().optional(),
  difficulty: difficultySchema.nullable(),
});

const withoutDifficulty = (db: Firestore) => db.collection(RECIPES).where("difficulty", "==", null);

/** Recipes whose difficulty is null, by id, after `after`. */
export async function listUnrated(db: Firestore, after: string | null, limit: number) {
  let query = withoutDifficulty(db).orderBy(FieldPath.documentId()).limit(limit);
  if (after !== null) query = query.startAfter(after);
  const snap = await query.get();
  return snap.docs.map((d) => {
    const title: unknown = d.get("title");
    return { id: d.id, title: typeof title === "string" ? title : null };
  });
}

export async function countUnrated(db: Firestore): Promise<number> {
  return (await withoutDifficulty(db).count().get()).data().count;
}

/**
 * Seed 000's SystemFlag holds the string 'true' / 'false'; this engine's demo data a boolean.
 * Both mean done: `true` or `'true'` (any case, trimmed). Anything else, or no value, is not done.
 */
export function flagIsTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/** The done value in the type the store already holds: a string flag stays a string, else a boolean. */
export function doneValue(existing: unknown): "true" | true {
  return typeof existing === "string" ? "true" : true;
}

/** `storeExists` is false when the flags store (the collection) does not exist at all. */
export async function readDoneFlag(db: Firestore): Promise<{ storeExists: boolean; done: boolean }> {
  const flags = db.collection(FLAGS);
  const [any, flag] = await Promise.all([flags.limit(1).get(), flags.doc(DONE_FLAG).get()]);
  return { storeExists: !any.empty, done: flagIsTrue(flag.get("value")) };
}

/** Sets the flag done, keeping the value's type, in one transaction (read and write consistent). */
export async function setDoneFlag(db: Firestore, now: number): Promise<void> {
  const ref = db.collection(FLAGS).doc(DONE_FLAG);
  await db.runTransaction(async (tx) => {
    const existing: unknown = (await tx.get(ref)).get("value");
    tx.set(ref, { value: doneValue(existing), updatedAt: Timestamp.fromMillis(now) });
  });
}
