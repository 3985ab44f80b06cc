/**
 * firestore.queries.json: every Firestore query the engine runs, with what its index depends on;
 * each kind's own queries are in its folder's queries.json (functions/src/kinds/<kind>/queries.json,
 * same format), so adding a kind edits no central catalogue. An entry:
 *   label            what the query is for (unique)
 *   collectionGroup  the collection id queried; queryScope COLLECTION or COLLECTION_GROUP
 *   equality         fields filtered with == or in
 *   inequality       fields filtered with <, <=, >, >=, != or not-in
 *   orderBy          [{fieldPath, order}] as written (`__name__` for FieldPath.documentId())
 *   sites            {file: [line, ...]}: the query-site lines of the code that builds it, each
 *                    the exact line (trimmed) as it stands in the file (see sites.mjs)
 *   usedBy           instead of sites, for a query not in functions/src or hosting/src that the
 *                    project still serves (an app's report, an operator's look-up): who runs it
 * A field ending in `?` is optional (a filter the code adds only sometimes): every combination is
 * checked as its own query. limit, select, cursors (startAfter, endAt) and count() need no other
 * index than the query they apply to.
 */
import { ORDERS } from "./serving.mjs";

const KEYS = ["label", "collectionGroup", "queryScope", "equality", "inequality", "orderBy", "sites", "usedBy"];
export const SOURCE_DIRS = ["functions/src/", "hosting/src/"];

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v) => typeof v === "string" && v.length > 0;
const fieldList = (v) => Array.isArray(v) && v.every((f) => typeof f === "string" && /^[^?\s]+\??$/.test(f));

function entryProblems(entry, i, labels, file) {
  const at = `${file} queries[${i}]${text(entry?.label) ? ` "${entry.label}"` : ""}`;
  const where = labels.get(entry?.label);
  if (!isObject(entry)) return [`${at}: must be an object`];
  const problems = Object.keys(entry)
    .filter((k) => !KEYS.includes(k))
    .map((k) => `${at}: unknown key "${k}" (known: ${KEYS.join(", ")})`);
  if (!text(entry.label)) problems.push(`${at}: needs a "label"`);
  else if (where) problems.push(`${at}: repeats the label of ${where}`);
  else labels.set(entry.label, `${file} queries[${i}]`);
  if (!text(entry.collectionGroup)) problems.push(`${at}: needs a "collectionGroup"`);
  if (!["COLLECTION", "COLLECTION_GROUP"].includes(entry.queryScope)) problems.push(`${at}: "queryScope" must be COLLECTION or COLLECTION_GROUP`);
  for (const key of ["equality", "inequality"])
    if (!fieldList(entry[key])) problems.push(`${at}: "${key}" must be a list of field paths (a trailing ? marks an optional filter)`);
  if (!Array.isArray(entry.orderBy) || !entry.orderBy.every((o) => isObject(o) && text(o.fieldPath) && ORDERS.includes(o.order))) {
    problems.push(`${at}: "orderBy" must be a list of {fieldPath, order: ASCENDING|DESCENDING}`);
  }
  if ((entry.sites === undefined) === (entry.usedBy === undefined))
    problems.push(`${at}: needs exactly one of "sites" (code in ${SOURCE_DIRS.join(", ")}) or "usedBy" (who else runs it)`);
  if (entry.usedBy !== undefined && !text(entry.usedBy)) problems.push(`${at}: "usedBy" must say who runs the query`);
  if (entry.sites !== undefined) {
    if (!isObject(entry.sites) || Object.keys(entry.sites).length === 0) problems.push(`${at}: "sites" must map source files to their query-site lines`);
    else {
      for (const [file, lines] of Object.entries(entry.sites)) {
        if (!SOURCE_DIRS.some((d) => file.startsWith(d)) || !file.endsWith(".ts") || file.endsWith(".test.ts"))
          problems.push(`${at}: site file ${file} is not a source file under ${SOURCE_DIRS.join(" or ")}`);
        if (!Array.isArray(lines) || lines.length === 0 || !lines.every(text)) problems.push(`${at}: sites of ${file} must be a non-empty list of lines`);
      }
    }
  }
  if (problems.length === 0) {
    const bare = (f) => f.replace(/\?$/, "");
    const both = entry.equality.map(bare).filter((f) => entry.inequality.map(bare).includes(f));
    if (both.length > 0) problems.push(`${at}: ${both.join(", ")} listed as both equality and inequality`);
  }
  return problems;
}

/**
 * Problems of one parsed catalogue file (empty when it is well formed). `labels` is shared across
 * the files of one check (firestore.queries.json and each kind's queries.json), so a label is unique in all.
 */
export function catalogueProblems(catalogue, file = "firestore.queries.json", labels = new Map()) {
  if (!isObject(catalogue) || !Array.isArray(catalogue.queries)) return [`${file}: must be an object with a "queries" list`];
  const unknown = Object.keys(catalogue).filter((k) => !["$comment", "queries"].includes(k));
  return [...unknown.map((k) => `${file}: unknown key "${k}"`), ...catalogue.queries.flatMap((e, i) => entryProblems(e, i, labels, file))];
}

/** Each combination of an entry's optional filters, as a query the matching rules take. */
export function variants(entry) {
  const optional = [...entry.equality, ...entry.inequality].filter((f) => f.endsWith("?")).map((f) => f.slice(0, -1));
  const out = [];
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const present = new Set(optional.filter((_, bit) => mask & (1 << bit)));
    const keep = (list) => list.filter((f) => !f.endsWith("?") || present.has(f.slice(0, -1))).map((f) => f.replace(/\?$/, ""));
    const suffix = optional.length === 0 ? "" : ` [${present.size ? `with ${[...present].join(", ")}` : "no optional filter"}]`;
    out.push({
      label: `${entry.label}${suffix}`,
      collectionGroup: entry.collectionGroup,
      queryScope: entry.queryScope,
      equality: keep(entry.equality),
      inequality: keep(entry.inequality),
      orderBy: entry.orderBy,
      where: entry.sites ? Object.keys(entry.sites).join(", ") : `used by ${entry.usedBy}`,
    });
  }
  return out;
}
