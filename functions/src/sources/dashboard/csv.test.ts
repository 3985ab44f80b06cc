import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { NonRetriableError } from "../../engine/errors";
import { check } from "./client";
import { parseCsv } from "./csv";
import { COLUMNS, headersOf } from "./columns";

const cellText = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "é", "7", "-", "'"), maxLength: 12 });

test("property: any rows (commas, quotes, newlines) round-trip through the export format with BOM and footer", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.array(cellText, { minLength: 6, maxLength: 6 }), { maxLength: 20 }),
      fc.boolean(),
      (_, rows, crlf) => {
        const header = ["A", "B", "C, D", 'E "e"', "F", "G"];
        const body = `\uFEFF${stringify([header, ...rows], { record_delimiter: crlf ? "windows" : "unix" })}Month of Mar, As of 3/1/2025\n\n`;
        const parsed = parseCsv(body);
        expect(parsed.header).toEqual(header);
        expect(parsed.rows).toEqual(rows.filter((r) => r.some((c) => c.trim() !== "")));
        expect(parsed.footer).toEqual({ dataMonth: 3, asOf: "2025-03-01" });
        expect(parsed.footerLine).toBe("Month of Mar, As of 3/1/2025");
        expect(parsed.malformed).toEqual([]);
      },
    ),
    { numRuns: 200 },
  );
});

const clubRow = fc.record({
  district: fc.constantFrom("1", "61", "F", "120"),
  division: fc.constantFrom("A", "B", "K"),
  area: fc.constantFrom("01", "12", "45"),
  clubNumber: fc.integer({ min: 1, max: 99_999_999 }).map((n) => String(n).padStart(8, "0")),
  clubName: fc.string({ unit: fc.constantFrom("a", "B", " ", ",", '"', "é"), minLength: 1, maxLength: 20 }).map((s) => `x${s}x`),
  clubStatus: fc.constantFrom("Active", "Low", "Suspended", "Ineligible"),
  counts: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 16, maxLength: 16 }),
  distinguishedStatus: fc.constantFrom("", "D", "S", "P", "M"),
});

test("property: generated club rows parse back into the same typed rows (counts with thousands separators too)", () => {
  fc.assert(
    fc.property(fc.array(clubRow, { minLength: 1, maxLength: 15 }), (clubs) => {
      const cells = clubs.map((c) => [
        c.district,
        c.division,
        c.area,
        c.clubNumber,
        c.clubName,
        c.clubStatus,
        ...c.counts.map((n) => n.toLocaleString("en-US")),
        c.distinguishedStatus,
      ]);
      const body = `\uFEFF${stringify([headersOf("clubperformance"), ...cells])}Month of Mar, As of 3/1/2025\n`;
      const result = check({ report: "clubperformance", district: "61", date: "2025-03-01" }, { body, url: "u", fetchedAt: "t" }, false);
      expect(result.status).toBe("ok");
      if (result.status !== "ok") return;
      const keys = COLUMNS.clubperformance.map((c) => c.key);
      expect(result.rows).toEqual(
        cells.map((row) => Object.fromEntries(keys.map((k, i) => [k, i >= 6 && i < 22 ? Number(String(row[i]).replace(/,/g, "")) : String(row[i]).trim()]))),
      );
    }),
    { numRuns: 100 },
  );
});

describe("checks of one export", () => {
  const req = { report: "divisionperformance" as const, district: "61", date: "2025-03-01" };
  const header = headersOf("divisionperformance")
    .map((h) => (h.includes(",") ? `"${h}"` : h))
    .join(",");
  const row = "61,A,01,00001234,Club,5,3,1,0,D";
  const run = (body: string) => check(req, { body, url: "u", fetchedAt: "t" }, false);

  test("header-only is unavailable, not a failure", () => {
    expect(run(`${header}\r\n`)).toMatchObject({ status: "unavailable", reason: expect.stringContaining("header-only") });
  });
  test("a footer for another date is unavailable for the requested date", () => {
    expect(run(`${header}\n${row}\nMonth of Feb, As of 2/28/2025\n`)).toMatchObject({
      status: "unavailable",
      reason: "export is as of 2025-02-28, not 2025-03-01",
    });
  });
  test("malformed rows, a changed header, a missing footer and bad cells are permanent errors", () => {
    expect(() => run(`${header}\n61,A,01\nMonth of Mar, As of 3/1/2025\n`)).toThrow(NonRetriableError);
    expect(() => run(`Division,Area\nA,01\nMonth of Mar, As of 3/1/2025\n`)).toThrow(/lacks identity column "District"/);
    expect(() => run(`${header}\n${row}\n`)).toThrow(/footer/);
    expect(() => run(`${header}\n61,A,01,12x4,Club,5,3,1,0,D\nMonth of Mar, As of 3/1/2025\n`)).toThrow(/column "Club"/);
  });
  test("closing-period data is dated the end of its month", () => {
    const r = check({ ...req, date: "2025-01-03" }, { body: `${header}\n${row}\nMonth of Dec, As of 1/3/2025\n`, url: "u", fetchedAt: "t" }, false);
    expect(r).toMatchObject({ status: "ok", dating: { kind: "closing", logicalDate: "2024-12-31", collectionDate: "2025-01-03" } });
  });
});
