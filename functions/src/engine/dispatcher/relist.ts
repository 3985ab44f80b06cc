/**
 * In-flight entries keep no payload. When an item must go out again (a resume, a lost item) or be
 * failed as lost, its payload is listed again: the kind's listing from the key listed just before it.
 * An item the listing no longer has (deleted, or no longer in scope) is not found.
 */
import type { EngineDeps } from "../deps";
import type { DispatcherState } from "../job-schema";
import type { JobWithId } from "../job-store";
import type { ListedItem } from "../types";
import { sourceFor } from "./item-source";

type Entry = DispatcherState["inFlight"][string];

/** Items listed again per lookup: room for a few keys inserted before it since its release. */
const RELIST_LIMIT = 10;
/** Lookups at once (a resume may relist up to maxConcurrency items). */
const PARALLEL = 10;

/** The listed items of these in-flight entries, by key; a key missing from the map is no longer listed. */
export async function relist(deps: EngineDeps, job: JobWithId, entries: Array<[string, Entry]>): Promise<Map<string, ListedItem<unknown>>> {
  const found = new Map<string, ListedItem<unknown>>();
  const pending = entries.filter(([key, entry]) => {
    if (entry.item === undefined) return true;
    found.set(key, { key, item: entry.item, target: entry.target ?? undefined }); // an entry from before payloads were left out
    return false;
  });
  if (pending.length === 0) return found;
  const source = sourceFor(deps, job);
  for (let i = 0; i < pending.length; i += PARALLEL) {
    await Promise.all(
      pending.slice(i, i + PARALLEL).map(async ([key, entry]) => {
        const page = await source.list(entry.after ?? null, RELIST_LIMIT);
        const item = page.items.find((listed) => listed.key === key);
        if (item) found.set(key, item);
      }),
    );
  }
  return found;
}
