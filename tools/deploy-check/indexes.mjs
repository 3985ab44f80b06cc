/**
 * deploy:check "indexes": firestore.indexes.json is what production accepts, and every query the
 * engine runs has an index that serves it.
 * - The file's shape, the two-fields rule, duplicates: ./indexes/spec.mjs (rules and sources there).
 * - The query catalogue, firestore.queries.json and each kind folder's queries.json (format:
 *   ./indexes/catalogue.mjs), kept complete by
 *   scanning functions/src and hosting/src for query-site lines (./indexes/sites.mjs).
 * - Each catalogued query (each combination of its optional filters) must be served by the
 *   automatic single-field indexes (as field overrides leave them), one composite index, or index
 *   merging; the rules implemented, with their sources, are at the top of ./indexes/serving.mjs. A
 *   query with none is a problem naming the index to add, ready to paste.
 * - A composite index no catalogued query uses is a problem too: every index costs a write per
 *   indexed document change, and `firebase deploy` would keep creating it. A query that serves
 *   someone outside functions/src and hosting/src is catalogued with `usedBy`. When a single index
 *   serves a query, the first that does counts as used (a single-field index before composites);
 *   when only merging serves it, the indexes of the smallest merge count.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogueProblems, variants } from "./indexes/catalogue.mjs";
import { servingPlan, neededIndex } from "./indexes/serving.mjs";
import { siteProblems } from "./indexes/sites.mjs";
import { describeIndex, specProblems } from "./indexes/spec.mjs";

export const name = "indexes";

/** The index file `firebase deploy` reads: firebase.json's firestore.indexes (the default database's), else the conventional name. */
function indexFileOf(root) {
  const config = join(root, "firebase.json");
  if (existsSync(config)) {
    const firestore = JSON.parse(readFileSync(config, "utf8")).firestore;
    const entry = Array.isArray(firestore) ? (firestore.find((f) => (f.database ?? "(default)") === "(default)") ?? firestore[0]) : firestore;
    if (entry?.indexes) return entry.indexes;
  }
  return "firestore.indexes.json";
}

function readJson(root, file) {
  const path = join(root, file);
  if (!existsSync(path)) return { problem: `${file} is missing` };
  try {
    return { value: JSON.parse(readFileSync(path, "utf8")) };
  } catch (error) {
    return { problem: `${file} is not JSON: ${error.message}` };
  }
}

function servingProblems(indexFile, spec, catalogue) {
  const problems = [];
  const used = new Set();
  for (const entry of catalogue.queries) {
    for (const query of variants(entry)) {
      const plan = servingPlan(spec, query);
      if (plan) {
        for (const index of plan.indexes) if (index.composite !== null) used.add(index.composite);
        continue;
      }
      const [where, addition] = Object.entries(neededIndex(spec, query))[0];
      problems.push(`query "${query.label}" (${query.where}) has no index that serves it; add to ${indexFile} "${where}": ${JSON.stringify(addition)}`);
    }
  }
  spec.indexes.forEach((index, i) => {
    if (!used.has(i)) {
      problems.push(
        `${indexFile} indexes[${i}] (${describeIndex(index)}) serves no query in firestore.queries.json: remove it, or catalogue the query that needs it (each index costs a write per indexed document change)`,
      );
    }
  });
  return problems;
}

export const KINDS_DIR = "functions/src/kinds";

/** firestore.queries.json, then each kind folder's queries.json. */
export function catalogueFiles(root) {
  const kinds = existsSync(join(root, KINDS_DIR)) ? readdirSync(join(root, KINDS_DIR), { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  const own = kinds.map((e) => `${KINDS_DIR}/${e.name}/queries.json`).filter((file) => existsSync(join(root, file)));
  return ["firestore.queries.json", ...own.sort()];
}

export async function check(root) {
  const indexFile = indexFileOf(root);
  const spec = readJson(root, indexFile);
  const files = catalogueFiles(root);
  const catalogues = files.map((file) => readJson(root, file));
  const read = [spec.problem, ...catalogues.map((c) => c.problem)].filter(Boolean);
  if (read.length > 0) return read;
  const labels = new Map();
  const shape = [...specProblems(spec.value).map((p) => `${indexFile} ${p}`), ...catalogues.flatMap((c, i) => catalogueProblems(c.value, files[i], labels))];
  if (shape.length > 0) return shape;
  const catalogue = { queries: catalogues.flatMap((c) => c.value.queries) };
  return [...siteProblems(root, catalogue), ...servingProblems(indexFile, spec.value, catalogue)];
}
