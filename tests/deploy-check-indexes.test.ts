/**
 * `npm run deploy:check` "indexes" on the real project (passes) and on broken copies of the files it
 * reads (each fails with one line naming the problem). Offline: no emulator, no network. The check
 * is an ES module; jest (ts-jest, CommonJS) runs it as `node tools/deploy-check/run.mjs`.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const COPIED = ["firebase.json", "firestore.indexes.json", "firestore.queries.json", "functions/src", "hosting/src"];

interface Run {
  status: number | null;
  problems: string[];
  summary: string;
}

function runCheck(root?: string): Run {
  const args = ["tools/deploy-check/run.mjs", "--only", "indexes", ...(root ? ["--root", root] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  const lines = result.stdout.trim().split("\n");
  const problems = lines.filter((l) => !/^deploy:check indexes: (ok|\d+ problem\(s\)) \(\d+ ms\)$/.test(l));
  return { status: result.status, problems, summary: lines[lines.length - 1] ?? result.stderr };
}

let copy: string;
beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), "deploy-check-indexes-"));
  for (const path of COPIED) cpSync(join(ROOT, path), join(copy, path), { recursive: true, filter: (src) => !src.endsWith(".test.ts") });
});
afterEach(() => rmSync(copy, { recursive: true, force: true }));

type IndexSpec = {
  indexes: Array<{ collectionGroup: string; queryScope: string; fields: Array<Record<string, unknown>> }>;
  fieldOverrides: Array<Record<string, unknown>>;
};
function editIndexes(edit: (spec: IndexSpec) => void): void {
  const path = join(copy, "firestore.indexes.json");
  const spec = JSON.parse(readFileSync(path, "utf8")) as IndexSpec;
  edit(spec);
  writeFileSync(path, JSON.stringify(spec, null, 2));
}
/** The position of the index of `group` whose fields are exactly `fields` ("path ORDER"). */
const positionOf = (spec: IndexSpec, group: string, ...fields: string[]) =>
  spec.indexes.findIndex((i) => i.collectionGroup === group && i.fields.map((f) => `${f.fieldPath} ${f.order}`).join() === fields.join());

test("the project's firestore.indexes.json serves every catalogued query: ok", () => {
  const run = runCheck();
  expect(run.problems).toEqual([]);
  expect(run.summary).toMatch(/^deploy:check indexes: ok/);
  expect(run.status).toBe(0);
});

test("a copy of only the files the check reads passes too (the broken copies below differ by one change)", () => {
  const run = runCheck(copy);
  expect(run.problems).toEqual([]);
  expect(run.status).toBe(0);
});

test("a one-field composite index (the one production refused) fails with one line naming it", () => {
  editIndexes((spec) =>
    spec.indexes.push({
      collectionGroup: "items",
      queryScope: "COLLECTION",
      fields: [
        { fieldPath: "outcome", order: "ASCENDING" },
        { fieldPath: "__name__", order: "ASCENDING" },
      ],
    }),
  );
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toHaveLength(1);
  expect(run.problems[0]).toContain("firestore.indexes.json indexes[8] (items (COLLECTION): outcome ASCENDING, __name__ ASCENDING)");
  expect(run.problems[0]).toContain("at least two fields besides __name__");
  expect(run.problems[0]).toContain("this index is not necessary");
  expect(run.summary).toMatch(/^deploy:check indexes: 1 problem\(s\)/);
});

test("a duplicate index (equal once __name__ is appended) fails naming both", () => {
  editIndexes((spec) => {
    const original = positionOf(spec, "backfillJobs", "status ASCENDING", "createdAt ASCENDING");
    spec.indexes.push({ ...spec.indexes[original], fields: [...spec.indexes[original].fields, { fieldPath: "__name__", order: "ASCENDING" }] });
  });
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([
    expect.stringMatching(
      /^deploy:check indexes: firestore\.indexes\.json indexes\[8\] \(backfillJobs \(COLLECTION\): status ASCENDING, createdAt ASCENDING, __name__ ASCENDING\) duplicates indexes\[0\]$/,
    ),
  ]);
});

test("a malformed field override fails naming the override and what is wrong", () => {
  let added = -1;
  editIndexes(
    (spec) =>
      (added =
        spec.fieldOverrides.push({
          collectionGroup: "items",
          fieldPath: "error",
          indexes: [{ order: "ASCENDING", arrayConfig: "CONTAINS", queryScope: "COLLECTION" }],
        }) - 1),
  );
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([
    `deploy:check indexes: firestore.indexes.json fieldOverrides[${added}].indexes[0]: needs exactly one of order, arrayConfig (has order, arrayConfig)`,
  ]);
});

test("a second override of the same field fails as a duplicate", () => {
  let added = -1;
  editIndexes((spec) => (added = spec.fieldOverrides.push({ ...spec.fieldOverrides[1] }) - 1));
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([`deploy:check indexes: firestore.indexes.json fieldOverrides[${added}] (districts.key) duplicates fieldOverrides[1]`]);
});

test("a query whose index was removed fails naming the query, its file and the index to paste; pasting it passes", () => {
  let removed: IndexSpec["indexes"][number] | undefined;
  editIndexes((spec) => (removed = spec.indexes.splice(positionOf(spec, "backfillJobs", "status ASCENDING", "createdAt ASCENDING"), 1)[0]));
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toHaveLength(1);
  const [line] = run.problems;
  expect(line).toContain(
    'query "Lifecycle: the oldest queued job" (functions/src/engine/lifecycle.ts) has no index that serves it; add to firestore.indexes.json "indexes": {',
  );
  const pasted = JSON.parse(line.slice(line.indexOf('"indexes": ') + '"indexes": '.length));
  expect(pasted).toEqual(removed);
  editIndexes((spec) => spec.indexes.push(pasted));
  expect(runCheck(copy).status).toBe(0);
});

test("the dispatcher's checkpoint query needs its sharded index: finishedAt has no single-field index to fall back on", () => {
  editIndexes((spec) => spec.indexes.splice(positionOf(spec, "backfillCheckpoints", "shard ASCENDING", "finishedAt ASCENDING"), 1));
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems.length).toBeGreaterThan(0);
  expect(
    run.problems.every(
      (p) => p.includes('query "Dispatcher: checkpoints finished since the last roll-up') && p.includes("functions/src/engine/dispatcher/watch.ts"),
    ),
  ).toBe(true);
});

test("an equality-only query is served by merging single-field indexes: without the kind + status index, recovery's query passes", () => {
  editIndexes((spec) => spec.indexes.splice(positionOf(spec, "backfillJobs", "kind ASCENDING", "status ASCENDING"), 1));
  const run = runCheck(copy);
  expect(run.problems).toEqual([]);
  expect(run.status).toBe(0);
});

test("the admin page's history filters need their composite indexes: without status + createdAt descending, three variants fail", () => {
  editIndexes((spec) => spec.indexes.splice(positionOf(spec, "backfillJobs", "status ASCENDING", "createdAt DESCENDING"), 1));
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  const paste =
    '{"collectionGroup":"backfillJobs","queryScope":"COLLECTION","fields":[{"fieldPath":"status","order":"ASCENDING"},{"fieldPath":"createdAt","order":"DESCENDING"}]}';
  expect(run.problems).toEqual([
    expect.stringContaining(
      `query "API job history (GET /jobs): newest first, by status and/or kind, cursor pages [with status]" (functions/src/engine/queries.ts) has no index that serves it; add to firestore.indexes.json "indexes": ${paste}`,
    ),
    expect.stringContaining(
      'query "Admin page history: newest first, by status, kind and creation range, live cursor pages [with status]" (hosting/src/history.ts, hosting/src/live-pages.ts)',
    ),
    expect.stringContaining('query "Admin page history: newest first, by status, kind and creation range, live cursor pages [with status, createdAt]"'),
  ]);
});

test("a collection-group query without its single-field override fails with the override to paste", () => {
  editIndexes((spec) => (spec.fieldOverrides = spec.fieldOverrides.filter((o) => o.collectionGroup !== "districts")));
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toHaveLength(2);
  expect(run.problems[0]).toContain(
    'query "analytics-generation: existing district snapshots in key order, in a key range [no optional filter]" (functions/src/kinds/analytics-generation/index.ts)',
  );
  expect(run.problems[0]).toContain('"fieldOverrides": {"collectionGroup":"districts","fieldPath":"key","indexes":[');
  expect(run.problems[0]).toContain('{"order":"ASCENDING","queryScope":"COLLECTION_GROUP"}]}');
});

test("a composite index no catalogued query uses is reported", () => {
  editIndexes((spec) =>
    spec.indexes.push({
      collectionGroup: "backfillJobs",
      queryScope: "COLLECTION",
      fields: [
        { fieldPath: "status", order: "ASCENDING" },
        { fieldPath: "finishedAt", order: "ASCENDING" },
      ],
    }),
  );
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([
    expect.stringContaining(
      "firestore.indexes.json indexes[8] (backfillJobs (COLLECTION): status ASCENDING, finishedAt ASCENDING) serves no query in firestore.queries.json",
    ),
  ]);
});

test("a new query site in a source file without its catalogue entry fails naming the file and line", () => {
  const file = join(copy, "functions/src/engine/recovery.ts");
  const lines = readFileSync(file, "utf8").split("\n").length;
  appendFileSync(
    file,
    'export const newest = (db: FirebaseFirestore.Firestore) => db.collection("backfillJobs").where("kind", "==", "x").orderBy("updatedAt").get();\n',
  );
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([
    `deploy:check indexes: functions/src/engine/recovery.ts:${lines}: a query site firestore.queries.json does not list: \`export const newest = (db: FirebaseFirestore.Firestore) => db.collection("backfillJobs").where("kind", "==", "x").orderBy("updatedAt").get();\` (add the query, or the line, to its entry)`,
  ]);
});

test("a changed query line fails twice: the new line is unlisted, the catalogued line is gone", () => {
  const file = join(copy, "hosting/src/settings-form.ts");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace('where("status", "==", "running"), limit(1)', 'where("status", "==", "running"), orderBy("startedAt"), limit(1)'),
  );
  const run = runCheck(copy);
  expect(run.status).toBe(1);
  expect(run.problems).toEqual([
    expect.stringMatching(
      /firestore\.queries\.json: hosting\/src\/settings-form\.ts has 0 query-site line\(s\) `onSnapshot\(query\(.*limit\(1\)\)\.withConverter\(jobConverter\), \(snap\) => \{`, the catalogue lists 1 \("Admin page rate limits: the running job, live"\)/,
    ),
    expect.stringMatching(
      /^deploy:check indexes: hosting\/src\/settings-form\.ts:\d+: a query site firestore\.queries\.json does not list: `.*orderBy\("startedAt"\)/,
    ),
  ]);
});
