import { recipeMessages } from "./messages";

test("the difficulty completion line keeps seed 000's text and adds the elapsed time", () => {
  expect(recipeMessages.difficultyCompleted(12, 0, 3_400)).toBe("Difficulty backfill completed: 12 recipes processed, 0 failures in 3.4 s");
  expect(recipeMessages.difficultyCompleted(260, 2, 125_000)).toBe("Difficulty backfill completed: 260 recipes processed, 2 failures in 2 m 5 s");
});
