/** Demo recipes and flags for the recipe-difficulty tests; the fake Claude's controls. */
import { Timestamp } from "firebase-admin/firestore";
import { adminDb, stackEnv, waitFor } from "./stack";

/** `flag`: the flag's value (seed 000 stores the strings 'true' / 'false'), or null for no systemFlags store. */
export async function seedRecipes(unrated: number, rated = 0, flag: boolean | string | null = false): Promise<void> {
  const db = adminDb();
  const writer = db.bulkWriter();
  for (let i = 0; i < unrated + rated; i += 1) {
    const id = `r${String(i).padStart(4, "0")}`;
    writer.set(db.collection("recipes").doc(id), {
      title: `Recipe ${i}`,
      ingredients: ["flour", "water"],
      instructions: "Mix and bake.",
      difficulty: i < unrated ? null : "easy",
    });
  }
  if (flag !== null) writer.set(db.collection("systemFlags").doc("difficulty_backfill_completed"), { value: flag, updatedAt: Timestamp.now() });
  await writer.close();
}

export async function difficulties(): Promise<Map<string, string | null>> {
  const snap = await adminDb().collection("recipes").get();
  return new Map(snap.docs.map((d) => [d.id, d.get("difficulty") as string | null]));
}

/** Seed 000's flag set true (or 'true' in a string store). The kind's onFinish sets it just after the job reads completed: wait for it. */
export const doneFlagSet = (value: true | "true" = true) =>
  waitFor(
    `difficulty_backfill_completed ${JSON.stringify(value)}`,
    async () => (await adminDb().doc("systemFlags/difficulty_backfill_completed").get()).get("value") === value,
  );

export interface ClaudeCall {
  at: number;
  title: string;
  status: number;
}

export const claude = {
  async set(mode: Record<string, unknown>): Promise<void> {
    await fetch(`${stackEnv.claudeUrl}/__control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(mode) });
  },
  async reset(): Promise<void> {
    await fetch(`${stackEnv.claudeUrl}/__reset`, { method: "POST" });
  },
  async calls(): Promise<ClaudeCall[]> {
    const res = await fetch(`${stackEnv.claudeUrl}/__calls`);
    return ((await res.json()) as { calls: ClaudeCall[] }).calls;
  },
};
