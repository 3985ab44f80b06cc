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

/** `null` when the flags store (the collection) does not exist at all. */
export async function readDoneFlag(db: Firestore): Promise<{ storeExists: boolean; done: boolean }> {
  const flags = db.collection(FLAGS);
  const [any, flag] = await Promise.all([flags.limit(1).get(), flags.doc(DONE_FLAG).get()]);
  return { storeExists: !any.empty, done: flag.get("value") === true };
}

export async function setDoneFlag(db: Firestore, now: number): Promise<void> {
  await db.collection(FLAGS).doc(DONE_FLAG).set({ value: true, updatedAt: Timestamp.fromMillis(now) });
}
