/** The dry run's listing count stops at its time budget and says the count is a lower bound. */
import { countListed, countListedWithin } from "./dry-run";
import type { Page } from "./types";

/** A listing of `total` items (Infinity: never ends) whose every page advances a fake clock by 1 s. */
function listing(total: number, clock: { now: number }) {
  return async (after: string | null, limit: number): Promise<Page<unknown>> => {
    clock.now += 1000;
    const start = after === null ? 0 : Number(after) + 1;
    const end = Math.min(total, start + limit);
    const items = Array.from({ length: end - start }, (_, i) => ({ key: String(start + i).padStart(9, "0"), item: null }));
    return { items, done: end >= total };
  };
}

it("counts a listing to its end when it ends within the budget", async () => {
  const clock = { now: 0 };
  expect(await countListedWithin(listing(250, clock), 100, () => clock.now >= 20_000)).toEqual({ items: 250, complete: true });
  expect(await countListed(listing(250, clock), 7)).toBe(250);
});

it("stops at the budget with a lower bound when the listing goes on", async () => {
  const clock = { now: 0 };
  expect(await countListedWithin(listing(Infinity, clock), 100, () => clock.now >= 20_000)).toEqual({ items: 2000, complete: false });
});

it("an exact count is complete even when the budget ran out on its last page", async () => {
  const clock = { now: 0 };
  expect(await countListedWithin(listing(300, clock), 100, () => clock.now >= 3000)).toEqual({ items: 300, complete: true });
});
