/**
 * Fetched exports kept in Firestore (`dashboardCsvCache/{report~district~date}`), so a re-run or a
 * retry never fetches the same export twice. Only exports that passed every check are kept.
 */
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";

export const CSV_CACHE = "dashboardCsvCache";
/** Firestore documents hold up to 1 MiB; larger exports are simply not cached. */
const MAX_BODY_CHARS = 900_000;

const entrySchema = z.object({ body: z.string(), url: z.string(), fetchedAt: z.string() });
export type CacheEntry = z.infer<typeof entrySchema>;

export interface CsvCache {
  get(key: string): Promise<CacheEntry | null>;
  put(key: string, entry: CacheEntry): Promise<void>;
}

export function firestoreCsvCache(db: Firestore): CsvCache {
  return {
    async get(key) {
      const snap = await db.collection(CSV_CACHE).doc(key).get();
      const parsed = entrySchema.safeParse(snap.data());
      return parsed.success ? parsed.data : null;
    },
    async put(key, entry) {
      if (entry.body.length > MAX_BODY_CHARS) return;
      await db.collection(CSV_CACHE).doc(key).set(entry);
    },
  };
}
