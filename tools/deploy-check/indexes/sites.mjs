/**
 * Keeps firestore.queries.json honest: every query-site line in the sources is listed by exactly
 * one catalogue entry, as often as it occurs, and every listed line still exists. A query-site line
 * is a line (not a comment) of functions/src or hosting/src (*.ts, not tests) that calls a
 * query-building function of the Admin or web SDK: where, orderBy, limit, limitToLast, startAfter,
 * startAt, endAt, endBefore, collectionGroup, query, findNearest, aggregate, recursiveDelete,
 * getCountFromServer, getAggregateFromServer, or `.count().get(` (count aggregation). Lines are
 * compared whole (trimmed), so a changed query line must be looked at again with its entry.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { SOURCE_DIRS } from "./catalogue.mjs";

const CALLS =
  "where|orderBy|limit|limitToLast|startAfter|startAt|endAt|endBefore|collectionGroup|query|findNearest|aggregate|recursiveDelete|getCountFromServer|getAggregateFromServer";
export const SITE = new RegExp(`(?:^|[^\\w$])(?:${CALLS})\\(|\\.count\\(\\)\\.get\\(`);
const COMMENT = /^(\/\/|\/\*|\*)/;

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The query-site lines of one file's text: [{line (1-based), code (trimmed)}]. */
export function siteLines(source) {
  return source
    .split("\n")
    .map((raw, i) => ({ line: i + 1, code: raw.trim() }))
    .filter(({ code }) => !COMMENT.test(code) && SITE.test(code));
}

/** file (relative to root) -> its query-site lines, for every source file that has one. */
export function scanSites(root) {
  const found = new Map();
  for (const dir of SOURCE_DIRS) {
    for (const path of sourceFiles(join(root, dir))) {
      const lines = siteLines(readFileSync(path, "utf8"));
      if (lines.length > 0) found.set(relative(root, path).split("\\").join("/"), lines);
    }
  }
  return found;
}

/** Problems where the catalogue's sites and the scanned sites differ (one line each). */
export function siteProblems(root, catalogue, scanned = scanSites(root)) {
  const listed = new Map(); // file -> code -> labels listing it (once per listing)
  for (const entry of catalogue.queries) {
    for (const [file, lines] of Object.entries(entry.sites ?? {})) {
      const byCode = listed.get(file) ?? new Map();
      for (const code of lines) byCode.set(code, [...(byCode.get(code) ?? []), entry.label]);
      listed.set(file, byCode);
    }
  }
  const problems = [];
  for (const file of new Set([...scanned.keys(), ...listed.keys()])) {
    const lines = scanned.get(file) ?? [];
    const byCode = listed.get(file) ?? new Map();
    if (!scanned.has(file) && !existsSync(join(root, file))) {
      problems.push(`firestore.queries.json lists sites in ${file}, which does not exist (${[...new Set([...byCode.values()].flat())].join("; ")})`);
      continue;
    }
    for (const [code, labels] of byCode) {
      const at = lines.filter((l) => l.code === code);
      if (at.length < labels.length) {
        problems.push(
          `firestore.queries.json: ${file} has ${at.length} query-site line(s) \`${code}\`, the catalogue lists ${labels.length} ("${labels.join('", "')}"); update the entry`,
        );
      }
    }
    const seen = new Map();
    for (const { line, code } of lines) {
      const count = (seen.get(code) ?? 0) + 1;
      seen.set(code, count);
      const listings = byCode.get(code)?.length ?? 0;
      if (listings === 0)
        problems.push(`${file}:${line}: a query site firestore.queries.json does not list: \`${code}\` (add the query, or the line, to its entry)`);
      else if (count > listings) problems.push(`${file}:${line}: one more query site \`${code}\` than firestore.queries.json lists (${listings})`);
    }
  }
  return problems;
}
