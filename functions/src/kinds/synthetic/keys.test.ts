import fc from "fast-check";
import { itemCount, itemKey, pageAfter } from "./keys";

test("pages walk every record exactly once, in key order, whatever the page and batch sizes", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 450 }), fc.integer({ min: 1, max: 300 }), (records, batchSize, limit) => {
      const seen: number[] = [];
      let after: string | null = null;
      const keys: string[] = [];
      for (;;) {
        const page = pageAfter(records, batchSize, after, limit);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        for (const { key, range } of page.items) {
          keys.push(key);
          for (let r = range.start; r < range.start + range.size; r += 1) seen.push(r);
        }
        if (page.done) break;
        after = page.items.at(-1)!.key;
      }
      expect(seen).toEqual(Array.from({ length: records }, (_, i) => i));
      expect(keys).toHaveLength(itemCount(records, batchSize));
      expect([...keys].sort()).toEqual(keys);
    }),
    { numRuns: 200 },
  );
});

test("keys", () => {
  expect(itemKey(42)).toBe("s-000000042");
  expect(() => pageAfter(10, 1, "x-1", 5)).toThrow("Not a synthetic item key");
  expect(pageAfter(10, 1, itemKey(9), 5)).toEqual({ items: [], done: true });
});
