/** The recipe-difficulty kind's log messages (Seed 000); the engine's own are in src/logs/messages.ts. */
import { formatElapsed } from "../../logs/messages";

export const recipeMessages = {
  difficultyFlagsMissing: () => "Difficulty backfill skipped: the systemFlags store is missing",
  difficultyAlreadyDone: () => "Difficulty backfill skipped: difficulty_backfill_completed is true",
  difficultyStarting: (count: number) => `Starting difficulty backfill for ${count} recipes`,
  difficultyProgress: (processed: number, remaining: number) => `Difficulty backfill progress: ${processed} processed, ${remaining} remaining`,
  difficultyFailed: (recipeId: string, title: string | null, error: string) =>
    `Difficulty assessment failed for recipe ${recipeId} (${title ?? "untitled"}): ${error}`,
  difficultyCompleted: (processed: number, failures: number, elapsedMs: number) =>
    `Difficulty backfill completed: ${processed} recipes processed, ${failures} failures in ${formatElapsed(elapsedMs)}`,
  difficultyAllFailed: (failures: number) => `Difficulty backfill failed: all ${failures} assessments failed; the completion flag stays unset`,
} as const;
