import fc from "fast-check";
import { addDays, fromMdy, fromUtc, lastDayOfMonth, parts, programYear, toMdy } from "./dates";
import { dateData, parseFooter, replaces, type StoredDating } from "./footer";

const day = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => fromUtc(d));

test("M/D/YYYY round-trips every date; program years turn on July 1", () => {
  fc.assert(
    fc.property(day, (d) => expect(fromMdy(toMdy(d))).toBe(d)),
    { numRuns: 200 },
  );
  expect(toMdy("2025-01-03")).toBe("1/3/2025");
  expect(programYear("2025-06-30")).toBe("2024-2025");
  expect(programYear("2025-07-01")).toBe("2025-2026");
  expect(fromMdy("2/30/2025")).toBeNull();
});

test("the footer is found in quoted or padded lines", () => {
  expect(parseFooter("Month of Dec, As of 1/5/2025")).toEqual({ dataMonth: 12, asOf: "2025-01-05" });
  expect(parseFooter('"Month of Mar, As of 03/01/2025",,,')).toEqual({ dataMonth: 3, asOf: "2025-03-01" });
  expect(parseFooter("61,A,01,123,Club")).toBeNull();
});

test("property: normal data is dated its as-of date; closing data the last day of its month, never in the new month", () => {
  fc.assert(
    fc.property(day, fc.boolean(), (asOf, closing) => {
      const { year, month } = parts(asOf);
      const dataMonth = closing ? (month === 1 ? 12 : month - 1) : month;
      const dating = dateData(asOf, { dataMonth, asOf });
      if (!closing) {
        expect(dating).toEqual({ kind: "normal", logicalDate: asOf, collectionDate: asOf });
        return;
      }
      expect(dating.kind).toBe("closing");
      if (dating.kind !== "closing") return;
      const expectedYear = month === 1 ? year - 1 : year;
      expect(dating.logicalDate).toBe(lastDayOfMonth(expectedYear, dataMonth));
      expect(dating.logicalDate < asOf).toBe(true);
      expect(parts(dating.logicalDate).month).not.toBe(month);
      expect(addDays(dating.logicalDate, 1).slice(0, 7)).toBe(asOf.slice(0, 7)); // the very next day is in the new month
      expect(dating.collectionDate).toBe(asOf);
    }),
    { numRuns: 300 },
  );
  expect(dateData("2025-01-05", { dataMonth: 12, asOf: "2025-01-05" })).toMatchObject({ kind: "closing", logicalDate: "2024-12-31" });
});

test("property: an as-of date other than the requested one is never dated as the requested date", () => {
  fc.assert(
    fc.property(
      day,
      fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0),
      (requested, shift) => {
        const asOf = addDays(requested, shift);
        expect(dateData(requested, { dataMonth: parts(asOf).month, asOf })).toEqual({ kind: "as-of-mismatch", asOf });
      },
    ),
    { numRuns: 200 },
  );
  expect(dateData("2025-03-10", { dataMonth: 1, asOf: "2025-03-10" }).kind).toBe("inconsistent");
});

test("property: whatever order collections for one date arrive in, the newest collection is what stays stored", () => {
  const collection = fc.record({ collectionDate: day, isClosingPeriodData: fc.boolean() });
  fc.assert(
    fc.property(fc.array(collection, { minLength: 1, maxLength: 12 }), (arrivals) => {
      let stored: StoredDating | null = null;
      for (const incoming of arrivals) if (replaces(stored, incoming)) stored = incoming;
      const newest = arrivals
        .map((a) => a.collectionDate)
        .sort()
        .at(-1);
      expect(stored?.collectionDate).toBe(newest);
    }),
    { numRuns: 300 },
  );
  const dec31 = { collectionDate: "2025-01-03", isClosingPeriodData: true };
  expect(replaces(dec31, { collectionDate: "2025-01-03", isClosingPeriodData: true })).toBe(false);
  expect(replaces(dec31, { collectionDate: "2025-01-04", isClosingPeriodData: true })).toBe(true);
  expect(replaces(dec31, { collectionDate: "2024-12-31", isClosingPeriodData: false })).toBe(false);
});
