import fc from "fast-check";
import { newExtractionPaths } from "./changes";
import type { ExtractionPath } from "./model";

const p = (key: string, path: string): ExtractionPath => ({ key, path });
const base = [p("customer", "customer.name"), p("total", "order.total")];

test("an added path is new", () => {
  expect(newExtractionPaths(base, [...base, p("priority", "request.priority")])).toEqual([p("priority", "request.priority")]);
});

test("a removed path adds nothing", () => {
  expect(newExtractionPaths(base, [base[0]])).toEqual([]);
});

test("reordered paths add nothing", () => {
  expect(newExtractionPaths(base, [base[1], base[0]])).toEqual([]);
});

test("a renamed key is new (its records are keyed by the new name)", () => {
  expect(newExtractionPaths(base, [p("client", "customer.name"), base[1]])).toEqual([p("client", "customer.name")]);
});

test("the same key from another path is new (its records were built from the old path)", () => {
  expect(newExtractionPaths(base, [p("customer", "customer.fullName"), base[1]])).toEqual([p("customer", "customer.fullName")]);
});

test("from none, every path is new; to none, nothing is", () => {
  expect(newExtractionPaths([], base)).toEqual(base);
  expect(newExtractionPaths(base, [])).toEqual([]);
});

test("property: the new paths are exactly the entries of `after` not equal to an entry of `before`, in after's order", () => {
  const entry = fc.record({ key: fc.constantFrom("a", "b", "c", "d", "e"), path: fc.constantFrom("x", "x.y", "z.0") });
  const unique = fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 5 });
  fc.assert(
    fc.property(unique, unique, (before, after) => {
      const added = newExtractionPaths(before, after);
      const same = (a: ExtractionPath, b: ExtractionPath) => a.key === b.key && a.path === b.path;
      expect(added).toEqual(after.filter((a) => !before.some((b) => same(a, b))));
      // Reordering `after` never changes which entries are new.
      expect(new Set(newExtractionPaths(before, [...after].reverse()))).toEqual(new Set(added));
    }),
    { numRuns: 200 },
  );
});
