// Hot documents: how often the engine wrote each of its own documents (the job, the dispatcher's
// state and hold, circuits, the lock), from the counting proxy's write log. Firestore sustains about
// one write per second per document; the figure is the most writes any one document took inside a
// 1 s window, and the closest two writes to one document, in steady state: after each document's
// first write (a job's dispatcher state is created with the job and claimed by its first tick at once).
import { categoryOf } from "./firestore-counter.mjs";

/** The documents worth logging: everything but checkpoints and the kind's effects (each written once). */
export const engineDocument = (name) => {
  const category = categoryOf(name);
  return !category.endsWith("/backfillCheckpoints/*") && !category.startsWith("syntheticEffects/");
};

/** `log`: `[{ name, at }]` oldest first. */
export function hotDocuments(log) {
  const byDoc = new Map();
  for (const { name, at } of log) byDoc.set(name, [...(byDoc.get(name) ?? []), at]);
  let busiest = { writes: 0, category: null };
  let closest = { ms: null, category: null };
  for (const [name, all] of byDoc) {
    const times = all.slice(1);
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (times[i] - times[j] >= 1000) j += 1;
      if (i - j + 1 > busiest.writes) busiest = { writes: i - j + 1, category: categoryOf(name) };
      if (i > 0 && (closest.ms === null || times[i] - times[i - 1] < closest.ms)) closest = { ms: times[i] - times[i - 1], category: categoryOf(name) };
    }
  }
  return { documents: byDoc.size, writes: log.length, busiest1s: busiest, closest };
}
