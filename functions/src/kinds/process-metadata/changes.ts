/**
 * Metadata change detection (seed 004): which extraction paths of an updated model are new. An
 * entry is new when its key was not extracted before, or was extracted from another path (the
 * records were built from the old path and must be rebuilt). Reordering adds nothing; a removed
 * key adds nothing (its records stay, as the seed's table keeps rows of removed metadata); a
 * renamed key is a new key.
 */
import type { ExtractionPath } from "./model";

export function newExtractionPaths(before: readonly ExtractionPath[], after: readonly ExtractionPath[]): ExtractionPath[] {
  const previous = new Map(before.map((p) => [p.key, p.path]));
  return after.filter((p) => previous.get(p.key) !== p.path);
}
