/**
 * recipe-difficulty (seed 000): rate every recipe whose difficulty is null with Claude and write
 * the rating. Started by the system when `systemFlags/difficulty_backfill_completed` is not true;
 * one at a time with at least 100 ms between AI calls unless an operator raises the limits.
 */
import { Timestamp } from "firebase-admin/firestore";
import { z } from "zod";
import { NonRetriableError } from "../../engine/errors";
import type { ItemResult, Kind } from "../../engine/types";
import { log } from "../../logs/logger";
import type { DifficultyRater } from "../../sources/anthropic";
import { countUnrated, listUnrated, readDoneFlag, RECIPES, recipeSchema, setDoneFlag } from "./recipes";
import { recipeMessages } from "./messages";

export const recipeDifficultyParams = z.strictObject({});
export const recipeItem = z.object({ id: z.string().min(1), title: z.string().nullable() });
type RecipeItem = z.infer<typeof recipeItem>;

export function recipeDifficulty(rater: () => DifficultyRater): Kind<z.infer<typeof recipeDifficultyParams>, RecipeItem> {
  return {
    name: "recipe-difficulty",
    title: "Recipe difficulty (AI rating)",
    params: recipeDifficultyParams,
    item: recipeItem,
    defaultRateLimits: { maxConcurrency: 1, minDelayMs: 100 },
    estimate: { msPerItem: 1500, tokensPerItem: 250 },
    progressEvery: 10,

    async list(ctx, _params, after, limit) {
      const recipes = await listUnrated(ctx.db, after, limit);
      const items = recipes.map((r) => ({ key: r.id, item: { id: r.id, title: r.title } }));
      return { items, done: items.length < limit };
    },

    count: (ctx) => countUnrated(ctx.db),

    async preview(ctx) {
      return { recipesWithoutDifficulty: await countUnrated(ctx.db) };
    },

    async process(ctx, _params, item): Promise<ItemResult> {
      const ref = ctx.db.collection(RECIPES).doc(item.id);
      const snap = await ref.get();
      if (!snap.exists) return { outcome: "skipped", detail: { reason: "recipe deleted" } };
      const recipe = recipeSchema.safeParse(snap.data());
      if (!recipe.success) throw new NonRetriableError(`Recipe ${item.id} is malformed: ${recipe.error.message}`);
      if (recipe.data.difficulty !== null) return { outcome: "skipped", detail: { reason: "already rated" } };
      const rating = await rater().rate({ title: recipe.data.title ?? item.id, ingredients: recipe.data.ingredients, instructions: recipe.data.instructions });
      return {
        outcome: "succeeded",
        detail: { difficulty: rating.difficulty, tokens: rating.inputTokens + rating.outputTokens },
        async commit(tx) {
          const current = await tx.get(ref);
          if (current.get("difficulty") !== null) return; // rated meanwhile: keep that rating
          tx.update(ref, { difficulty: rating.difficulty, difficultySource: "ai", difficultyRatedAt: Timestamp.now() });
        },
      };
    },

    async autoStart(ctx) {
      const flag = await readDoneFlag(ctx.db);
      if (!flag.storeExists) {
        log.info(recipeMessages.difficultyFlagsMissing());
        return null;
      }
      if (flag.done) {
        log.info(recipeMessages.difficultyAlreadyDone());
        return null;
      }
      return { params: {}, reason: "difficulty_backfill_completed is not true" };
    },

    onStart(_ctx, job) {
      log.info(recipeMessages.difficultyStarting(job.total ?? 0), { jobId: job.id, total: job.total, startedAt: new Date().toISOString() });
    },

    onProgress(_ctx, job) {
      const remaining = Math.max(0, (job.total ?? job.processed) - job.processed);
      log.info(recipeMessages.difficultyProgress(job.processed, remaining), { jobId: job.id, processed: job.processed, remaining });
    },

    onItemFailed(ctx, failure) {
      log.error(recipeMessages.difficultyFailed(failure.key, failure.item.title, failure.message), {
        jobId: ctx.jobId,
        recipeId: failure.key,
        title: failure.item.title,
        error: failure.message,
      });
    },

    async onFinish(ctx, job) {
      if (job.status === "failed") {
        log.critical(recipeMessages.difficultyAllFailed(job.failed), { jobId: job.id, failed: job.failed });
        return;
      }
      await setDoneFlag(ctx.db, Date.now());
      log.info(recipeMessages.difficultyCompleted(job.processed, job.failed, job.elapsedMs), {
        jobId: job.id,
        processed: job.processed,
        failures: job.failed,
        elapsedMs: job.elapsedMs,
      });
    },
  };
}
