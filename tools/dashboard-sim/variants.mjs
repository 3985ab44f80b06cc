// The dashboard's column names changed across program years; the simulator publishes each year's
// exports under that year's names, so backfills over history meet every variant:
//   current   2024-2025 on: today's headers (data.mjs HEADERS)
//   pathways  2019-2020 to 2023-2024: Pathways-era names ("Level 4s, Path Completions, or DTM
//             Awards", "Active Membership", "Club ID") and a Club Success Plan column
//   legacy    before 2019-2020: "ClubID", "Div", "Paid Members", "Status", "Distinguished Clubs";
//             no "Mem. Base", no Presidents Distinguished count, no Level 4 columns; the
//             traditional program's CC columns instead
// The data is the same whatever the variant: only the header names, which columns are there and
// their order change. Tests switch variants per program year or per district (server.mjs).
import { hash } from "../seeded-random.mjs";

export const VARIANTS = {
  current: { rename: {}, drop: [], add: [] },
  pathways: {
    rename: {
      "Level 4s, Level 5s, or DTM award": "Level 4s, Path Completions, or DTM Awards",
      "Add. Level 4s, Level 5s, or DTM award": "Add. Level 4s, Path Completions, or DTM award",
      "Active Members": "Active Membership",
      "Club Number": "Club ID",
    },
    drop: [],
    add: [{ report: "clubperformance", header: "Club Success Plan", cell: (row) => (hash(row.join("|")) % 2 ? "Y" : "N") }],
  },
  legacy: {
    rename: {
      "Club Number": "ClubID",
      Division: "Div",
      "Active Members": "Paid Members",
      "Club Status": "Status",
      "Total Distinguished Clubs": "Distinguished Clubs",
    },
    drop: ["Mem. Base", "Presidents Distinguished Clubs", "Level 4s, Level 5s, or DTM award", "Add. Level 4s, Level 5s, or DTM award"],
    add: [
      { report: "clubperformance", header: "CCs", cell: (row) => String(hash(`cc|${row[3]}`) % 6) },
      { report: "clubperformance", header: "Add. CCs", cell: (row) => String(hash(`acc|${row[3]}`) % 3) },
    ],
  },
};

/** The variant a program year was published in, unless a test chose another. */
export function defaultVariant(programYear) {
  const start = Number(programYear.slice(0, 4));
  return start >= 2024 ? "current" : start >= 2019 ? "pathways" : "legacy";
}

/** Names in a `headerVariants` choice that are not variants (the control answers 400 for them). */
export function unknownVariants(choice) {
  return [...Object.values(choice?.districts ?? {}), ...Object.values(choice?.programYears ?? {})].filter((n) => !VARIANTS[n]);
}

/** `headerVariants: {districts: {"61": "legacy"}, programYears: {"2023-2024": "current"}}`: a district's choice wins. */
export function variantFor(choice, district, programYear) {
  const name = (district !== null && choice?.districts?.[district]) || choice?.programYears?.[programYear] || defaultVariant(programYear);
  if (!VARIANTS[name]) throw new Error(`unknown header variant ${name}`);
  return name;
}

/** Today's header and rows as the variant publishes them (`alsoDrop`: today's names of columns a fault removes). */
export function applyVariant(name, report, header, rows, alsoDrop = []) {
  const v = VARIANTS[name];
  const keep = header.map((h, i) => (v.drop.includes(h) || alsoDrop.includes(h) ? -1 : i)).filter((i) => i >= 0);
  const extra = v.add.filter((a) => a.report === report);
  return {
    header: [...keep.map((i) => v.rename[header[i]] ?? header[i]), ...extra.map((a) => a.header)],
    // A row that is not header-wide (the "malformed" fault) stays as broken as it was.
    rows: rows.map((row) => (row.length !== header.length ? row : [...keep.map((i) => row[i]), ...extra.map((a) => a.cell(row))])),
  };
}
