/** Seed 002's properties 2, 3, 6 and 7, and the item expansion (no gaps, no duplicates, key order). */
import fc from "fast-check";
import { addDays, daysBetween, fromUtc } from "../sources/dashboard/dates";
import { countItems, expandItems } from "./items";
import { resolveScope, sortDistricts } from "./scope";
import { applyEntry, type IndexEntry, type SnapshotIndex } from "./snapshot-index";
import { AUTO_PER_DISTRICT_MAX, selectStrategy } from "./strategy";

const district = fc.constantFrom("1", "2", "3", "10", "21", "42", "61", "99", "F", "U", "120");
const districts = fc.uniqueArray(district, { maxLength: 8 });
const day = fc.date({ min: new Date("2019-01-01T00:00:00Z"), max: new Date("2026-01-01T00:00:00Z"), noInvalidDate: true }).map(fromUtc);

test("property: pages from any cursor expand dates x districts completely, once each, in key order", () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 0, max: 45 }), districts, fc.integer({ min: 1, max: 17 }), (start, span, ds, pageSize) => {
      const e = { startDate: start, endDate: addDays(start, span), districts: sortDistricts(ds) };
      const keys: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 10_000; guard += 1) {
        const page = expandItems(e, after, pageSize);
        expect(page.items.length).toBeLessThanOrEqual(pageSize);
        keys.push(...page.items.map((i) => i.key));
        if (page.done) break;
        after = page.items[page.items.length - 1].key;
      }
      expect(keys).toHaveLength(countItems(e));
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual(keys);
      const dates = new Set(keys.map((k) => k.slice(0, 10)));
      expect(dates.size).toBe(daysBetween(e.startDate, e.endDate) + 1); // no gaps
      for (const d of e.districts) expect(keys.filter((k) => k.endsWith(`~${d}`))).toHaveLength(dates.size);
    }),
    { numRuns: 150 },
  );
});

test("property 2 and 7: targets are validated against the configured scope; nothing outside it is ever processed", () => {
  fc.assert(
    fc.property(
      districts,
      fc.uniqueArray(district, { minLength: 1, maxLength: 6 }),
      fc.constantFrom("reject" as const, "exclude" as const),
      (configured, targets, mode) => {
        const result = resolveScope(targets, sortDistricts(configured), mode);
        const outside = configured.length === 0 ? [] : targets.filter((t) => !configured.includes(t));
        if (!result.ok) {
          expect(sortDistricts(result.outOfScope)).toEqual(sortDistricts(outside));
          expect(mode === "reject" || outside.length === targets.length).toBe(true);
          return;
        }
        expect(mode === "exclude" || outside.length === 0).toBe(true);
        expect(result.scope.districts).toEqual(sortDistricts(targets.filter((t) => !outside.includes(t))));
        if (configured.length > 0) for (const d of result.scope.districts) expect(configured).toContain(d);
        expect(result.scope.excluded).toEqual(sortDistricts(outside));
        expect(result.scope.scopeType).toBe(result.scope.districts.length === 1 ? "single-district" : "targeted");
      },
    ),
    { numRuns: 200 },
  );
  expect(resolveScope(undefined, ["1", "2"], "reject")).toEqual({
    ok: true,
    scope: { districts: ["1", "2"], scopeType: "system-wide", configured: ["1", "2"], excluded: [] },
  });
});

test("property 3: the strategy matches the scope (per-district for a few targets, the summary otherwise)", () => {
  fc.assert(
    fc.property(districts, fc.boolean(), fc.constantFrom("auto" as const, "system-wide" as const, "per-district" as const), (ds, targeted, requested) => {
      const scope = { districts: sortDistricts(ds), scopeType: targeted ? ("targeted" as const) : ("system-wide" as const), configured: [], excluded: [] };
      const r = selectStrategy(requested, scope);
      if (requested === "per-district" && ds.length === 0) return expect(r.ok).toBe(false);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const expected = requested === "auto" ? (targeted && ds.length <= AUTO_PER_DISTRICT_MAX ? "per-district" : "system-wide") : requested;
      expect(r.strategy).toBe(expected);
      expect(r.reason.length).toBeGreaterThan(10);
    }),
    { numRuns: 200 },
  );
});

test("property 6: in any finishing order, a date lists its failed districts and is partial exactly when one failed", () => {
  const result = fc.record({ district, status: fc.constantFrom("stored" as const, "failed" as const, "unavailable" as const) });
  fc.assert(
    fc.property(fc.array(result, { minLength: 1, maxLength: 20 }), (results) => {
      const fold = (order: typeof results) =>
        order.reduce<SnapshotIndex | null>(
          (index, r) =>
            applyEntry(index, "2025-03-10", r.district, { status: r.status, jobId: "j", at: "t", note: r.status === "failed" ? "boom" : null } as IndexEntry),
          null,
        );
      const forward = fold(results);
      const backward = fold([...results].reverse());
      const everStored = new Set<string>(results.filter((r) => r.status === "stored").map((r) => r.district));
      expect(forward?.storedDistricts).toEqual(sortDistricts(everStored));
      expect(backward?.storedDistricts).toEqual(forward?.storedDistricts);
      for (const d of forward?.failedDistricts ?? []) expect(everStored.has(d)).toBe(false);
      expect(forward?.status === "partial").toBe((forward?.failedDistricts.length ?? 0) > 0);
      if ((forward?.failedDistricts.length ?? 0) === 0 && everStored.size > 0) expect(forward?.status).toBe("complete");
    }),
    { numRuns: 200 },
  );
});
