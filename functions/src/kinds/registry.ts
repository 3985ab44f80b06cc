/** The one place kinds are registered. The engine receives this registry; it imports no kind. */
import type { Config } from "../config";
import { createRegistry, type KindRegistry } from "../engine/registry";
import { anthropicRater, type DifficultyRater } from "../sources/anthropic";
import { recipeDifficulty } from "./recipe-difficulty";

export function buildRegistry(config: Config): KindRegistry {
  let rater: DifficultyRater | undefined;
  return createRegistry([recipeDifficulty(() => (rater ??= anthropicRater(config.anthropic)))]);
}
