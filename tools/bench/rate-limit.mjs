// Rate-limit utilisation: the fake Claude answers in 200 ms; a recipe-difficulty job with its limits
// raised to 600 requests/min and concurrency 4 should run at the limit (10 items/s) and never above
// it in any 10 s window. The same recipes then go through seed 000's own loop (one at a time, at
// least 100 ms between assessments) on the same fake, with the same client: the speed-up is the
// engine's. Progress latency is measured on the engine's run: from each item's checkpoint to the
// first job document that counts it.
import { anthropicRater } from "../../functions/lib/sources/anthropic.js";
import { round } from "./context.mjs";
import { itemTimeline, watchProgress } from "./progress-latency.mjs";

const RECIPES = 300;
const LIMITS = { requestsPerMinute: 600, maxConcurrency: 4, minDelayMs: 0 };
const LATENCY_MS = 200;

async function seedUnrated(db) {
  const writer = db.bulkWriter();
  for (let i = 0; i < RECIPES; i += 1) {
    writer.set(db.collection("recipes").doc(`bench-${String(i).padStart(4, "0")}`), {
      title: `Bench recipe ${i}`,
      ingredients: ["flour"],
      instructions: "Bake.",
      difficulty: null,
    });
  }
  await writer.close();
}

/** The most calls in any window of `windowMs` (a window starts at each call). */
function busiestWindow(times, windowMs) {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[j] < times[i] - windowMs + 1) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Seed 000's loop, as its spec reads: query the null ones, assess each in turn, wait 100 ms. */
async function sequentialLoop(db, claudeUrl) {
  const rater = anthropicRater({ apiKey: "bench", baseURL: claudeUrl, model: "claude-haiku-4-5", timeoutMs: 30_000 });
  const started = Date.now();
  let done = 0;
  let after = null;
  for (;;) {
    let query = db.collection("recipes").where("difficulty", "==", null).orderBy("__name__").limit(100);
    if (after) query = query.startAfter(after);
    const page = await query.get();
    for (const doc of page.docs) {
      const rating = await rater.rate({ title: doc.get("title"), ingredients: doc.get("ingredients"), instructions: doc.get("instructions") });
      await doc.ref.update({ difficulty: rating.difficulty });
      done += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (page.size < 100) break;
    after = page.docs.at(-1);
  }
  return { items: done, seconds: (Date.now() - started) / 1000 };
}

export async function rateLimitBench(ctx, claudeUrl) {
  const { db, claude } = ctx;
  await seedUnrated(db);
  await claude.reset();
  await claude.set({ latencyMs: LATENCY_MS });
  let watch;
  const job = await ctx.runJob("recipe-difficulty", {}, LIMITS, (jobId) => (watch = watchProgress(db, jobId)));
  watch.stop();
  const calls = (await claude.calls())
    .filter((c) => c.status === 200)
    .map((c) => c.at)
    .sort((a, b) => a - b);
  const limitPerSecond = LIMITS.requestsPerMinute / 60;
  const steady = (calls.length - 1) / ((calls.at(-1) - calls[0]) / 1000);
  const endToEnd = job.doc.progress.succeeded / ((job.doc.finishedAt.toMillis() - job.doc.createdAt.toMillis()) / 1000);
  const timeline = await itemTimeline(db, job.id, watch.samples);

  const rated = db.collection("recipes").where("difficulty", "!=", null);
  const writer = db.bulkWriter();
  for (const doc of (await rated.get()).docs) writer.update(doc.ref, { difficulty: null });
  await writer.close();
  await claude.reset();
  await claude.set({ latencyMs: LATENCY_MS });
  const loop = await sequentialLoop(db, claudeUrl);
  const loopRate = loop.items / loop.seconds;
  return {
    items: calls.length,
    limitPerSecond,
    engineItemsPerSecond: round(steady),
    utilisation: round(steady / limitPerSecond, 3),
    busiest10s: busiestWindow(calls, 10_000),
    allowed10s: limitPerSecond * 10,
    engineEndToEndItemsPerSecond: round(endToEnd),
    sequentialItemsPerSecond: round(loopRate),
    speedUp: round(steady / loopRate),
    speedUpEndToEnd: round(endToEnd / loopRate),
    progressLatency: timeline.shown,
    /** Each slot must turn over within this for the job to reach its limit (concurrency / rate). */
    slotBudgetMs: (1000 * LIMITS.maxConcurrency) / limitPerSecond,
    timeline,
  };
}
