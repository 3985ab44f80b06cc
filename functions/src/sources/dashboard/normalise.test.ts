/**
 * Reading every program year's export: seeded exports in today's columns, then the same data under
 * any permutation of columns, any subset of optional columns dropped, any accepted alias (in any
 * case), with unknown columns added. The typed rows stay the same (dropped fields null), the raw
 * record round-trips exactly, and the drift says what differed.
 */
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { check } from "./client";
import { type CellType, COLUMNS, headersOf } from "./columns";
import { mapHeader, rawRecord } from "./normalise";
import { REPORTS, type Report } from "./urls";

const FOOTER = "Month of Mar, As of 3/1/2025";
const word = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "é", "-", "'"), minLength: 1, maxLength: 10 }).map((s) => `x${s}`);
const CELL: Record<CellType, fc.Arbitrary<string>> = {
  text: word,
  count: fc.integer({ min: 0, max: 99_999 }).map((n) => n.toLocaleString("en-US")),
  percent: fc.integer({ min: -5000, max: 5000 }).map((n) => `${(n / 100).toFixed(2)}%`),
  clubNumber: fc.integer({ min: 1, max: 99_999_999 }).map((n) => String(n).padStart(8, "0")),
  districtId: fc.constantFrom("1", "61", "F", "120"),
};

/** A report, its rows in today's columns, and how a program year might have published them. */
const variant = fc.constantFrom(...REPORTS).chain((report) => {
  const columns = COLUMNS[report];
  return fc.record({
    report: fc.constant(report),
    rows: fc.array(fc.tuple(...columns.map((c) => CELL[c.type])), { minLength: 1, maxLength: 6 }),
    /** Per column: which accepted name, upper-cased or not, dropped or not (identity columns never). */
    naming: fc.tuple(
      ...columns.map((c) => fc.record({ name: fc.constantFrom(...c.names), upper: fc.boolean(), drop: c.required ? fc.constant(false) : fc.boolean() })),
    ),
    unknown: fc.uniqueArray(fc.constantFrom("Club Success Plan", "CSP Submitted", "CCs", "Add. CCs", "Net Growth", "Notes"), { maxLength: 3 }),
    order: fc.array(fc.nat(), { minLength: columns.length + 3, maxLength: columns.length + 3 }),
  });
});

const body = (header: string[], rows: string[][]) => `\uFEFF${stringify([header, ...rows], { record_delimiter: "windows" })}${FOOTER}\r\n`;
const read = (report: Report, text: string) => {
  const result = check({ report, district: "61", date: "2025-03-01" }, { body: text, url: "u", fetchedAt: "t" }, false);
  if (result.status !== "ok") throw new Error(`unexpected ${result.status}`);
  return result;
};

test("property: any permutation, dropped optional columns, accepted aliases and unknown columns give the same typed rows; the raw record round-trips", () => {
  fc.assert(
    fc.property(variant, ({ report, rows, naming, unknown, order }) => {
      const columns = COLUMNS[report];
      const today = read(report, body(headersOf(report), rows));

      // The variant: kept columns under their chosen names plus unknown ones, in a shuffled order.
      const kept = columns.map((c, i) => ({ c, i, n: naming[i] })).filter((x) => !x.n.drop);
      const published = [
        ...kept.map((x) => ({ header: x.n.upper ? x.n.name.toUpperCase() : x.n.name, cell: (row: string[]) => row[x.i] })),
        ...unknown.map((u, j) => ({ header: u, cell: (row: string[]) => `${u}-${j}-${row[0]}` })),
      ]
        .map((p, k) => ({ p, rank: order[k] ?? 0, k }))
        .sort((a, b) => a.rank - b.rank || a.k - b.k)
        .map((x) => x.p);
      const header = published.map((p) => p.header);
      const cells = rows.map((row) => published.map((p) => p.cell(row)));
      const result = read(report, body(header, cells));

      const dropped = new Set(columns.filter((_, i) => naming[i].drop).map((c) => c.key));
      expect(result.rows).toEqual(today.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, dropped.has(k) ? null : v]))));
      expect(result.raw).toEqual({ header, rows: cells.map((c) => ({ cells: c })), footer: FOOTER });
      cells.forEach((c, i) => expect(rawRecord(result.raw, i)).toEqual(header.map((h, j) => [h, c[j]])));
      expect(result.drift.missing).toEqual(columns.filter((c) => dropped.has(c.key)).map((c) => c.names[0]));
      expect(result.drift.unknown.sort()).toEqual([...unknown].sort());
      const renamed = kept.filter((x) => x.n.name !== x.c.names[0]).map((x) => x.c.names[0]);
      expect(result.drift.aliases.map((a) => a.column).sort()).toEqual(renamed.sort());
      expect(today.drift).toEqual({ missing: [], unknown: [], aliases: [] });
    }),
    { numRuns: 300 },
  );
});

test("an export without an identity column is a permanent error naming the column and its accepted names", () => {
  const header = headersOf("clubperformance").filter((h) => h !== "Club Number");
  expect(() => read("clubperformance", body(header, [header.map(() => "1")]))).toThrow(
    'clubperformance export lacks identity column "Club Number" (accepted names: Club Number, Club, Club ID, ClubID): u',
  );
  expect(mapHeader("districtsummary", ["REGION", "Paid Clubs"])).toMatchObject({ ok: false, missing: [{ key: "district" }] });
});

test("the names the seed's parser knows are all accepted", () => {
  const accepted = (report: Report, key: string) => COLUMNS[report].find((c) => c.key === key)?.names ?? [];
  expect(accepted("clubperformance", "level4sTo5sOrDtm")).toEqual(
    expect.arrayContaining(["Level 4s, Path Completions, or DTM Awards", "Level 4s, Level 5s, or DTM award"]),
  );
  expect(accepted("clubperformance", "additionalLevel4sTo5sOrDtm")).toContain("Add. Level 4s, Path Completions, or DTM award");
  expect(accepted("clubperformance", "activeMembers")).toEqual(["Active Members", "Active Membership", "Membership", "Paid Members"]);
  expect(accepted("clubperformance", "clubStatus")).toEqual(["Club Status", "Status"]);
  expect(accepted("clubperformance", "clubNumber")).toEqual(expect.arrayContaining(["Club Number", "Club ID", "ClubID"]));
  expect(accepted("clubperformance", "division")).toEqual(["Division", "Div"]);
});

test("a second column under an accepted name of a field already read is kept raw and listed as unknown", () => {
  const header = [...headersOf("divisionperformance"), "Club Number"];
  const r = read("divisionperformance", body(header, [["61", "A", "01", "00001234", "Club", "5", "3", "1", "0", "D", "99999999"]]));
  expect(r.rows[0]).toMatchObject({ clubNumber: "00001234" });
  expect(r.drift).toEqual({ missing: [], unknown: ["Club Number"], aliases: [] });
  expect(r.raw.rows[0].cells.at(-1)).toBe("99999999");
});
