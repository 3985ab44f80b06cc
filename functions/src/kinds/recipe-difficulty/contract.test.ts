/** The kind contract for recipe-difficulty: generated recipes, some rated already, a deterministic rater. */
import fc from "fast-check";
import type { DifficultyRater } from "../../sources/anthropic";
import { kindContract } from "../../testing/kind-contract";
import { recipeDifficulty } from ".";
import { RECIPES } from "./recipes";

const difficulties = ["easy", "medium", "hard"] as const;
/** Rates by title length: the same recipe always gets the same rating. */
const rater: DifficultyRater = {
  rate: async (recipe) => ({ difficulty: difficulties[(recipe.title ?? "").length % 3], inputTokens: 10, outputTokens: 2 }),
};

const recipe = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  title: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  difficulty: fc.option(fc.constantFrom(...difficulties), { nil: null, freq: 3 }),
});

kindContract({
  kind: recipeDifficulty(() => rater),
  cases: fc.uniqueArray(recipe, { selector: (r) => r.id, maxLength: 25 }),
  async seed(db, recipes) {
    const batch = db.batch();
    for (const r of recipes)
      batch.set(db.collection(RECIPES).doc(r.id), { title: r.title, ingredients: ["salt"], instructions: "Stir.", difficulty: r.difficulty });
    await batch.commit();
  },
  params: () => ({}),
  expectedKeys: (recipes) => recipes.filter((r) => r.difficulty === null).map((r) => r.id),
  effects: [RECIPES],
});
