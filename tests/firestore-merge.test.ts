/**
 * `npm run firestore:merge` (tools/firestore-merge) on copies of an example app's files, offline:
 * the engine's rules block goes inside the app's documents match, the engine's indexes join the app's,
 * a second run changes nothing, and an app rule that would open the engine's collections is refused.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const FIXTURES = join(__dirname, "fixtures");

function merge(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "tools/firestore-merge/run.mjs"), ...args], { encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function copy(fixture: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "firestore-merge-")), fixture);
  copyFileSync(join(FIXTURES, fixture), file);
  return file;
}

const block = () => {
  const text = readFileSync(join(ROOT, "firestore/backfill.rules"), "utf8");
  return text.slice(text.indexOf("// BEGIN backfill-engine"), text.indexOf("// END backfill-engine"));
};
const indented = (text: string, indent: string) =>
  text
    .split("\n")
    .map((l) => (l ? indent + l : l))
    .join("\n");

describe("rules", () => {
  test("the block goes at the end of the app's documents match, indented; the app's rules stay byte for byte", () => {
    const file = copy("app.rules");
    const app = readFileSync(file, "utf8");
    expect(merge("--rules", file)).toMatchObject({ code: 0, out: `firestore:merge: ${file}: the engine's block added\n` });
    const merged = readFileSync(file, "utf8");
    expect(merged).toContain(indented(block(), "    "));
    const end = app.lastIndexOf("  }\n}");
    expect(merged.startsWith(app.slice(0, end))).toBe(true); // everything of the app's, unchanged, then the block
    expect(merged.endsWith(`    // END backfill-engine\n${app.slice(end)}`)).toBe(true);
  });

  test("a second run changes nothing", () => {
    const file = copy("app.rules");
    merge("--rules", file);
    const once = readFileSync(file, "utf8");
    expect(merge("--rules", file)).toMatchObject({ code: 0, out: `firestore:merge: ${file}: the engine's block is already current\n` });
    expect(readFileSync(file, "utf8")).toBe(once);
  });

  test("an older block is replaced in place, the app's rules around it kept", () => {
    const file = copy("app.rules");
    merge("--rules", file);
    const current = readFileSync(file, "utf8");
    const old = current
      .replace("allow read: if backfillIsAdmin();", "allow read: if true;")
      .replace("match /recipes/{recipeId} {", "match /recipes/{recipeId} { // edited by the app");
    writeFileSync(file, old);
    expect(merge("--rules", file)).toMatchObject({ code: 0, out: `firestore:merge: ${file}: the engine's block replaced\n` });
    expect(readFileSync(file, "utf8")).toBe(current.replace("match /recipes/{recipeId} {", "match /recipes/{recipeId} { // edited by the app"));
  });

  test("an app catch-all that grants reads is refused in one line naming it; nothing is written; --force writes", () => {
    const file = copy("app-open.rules");
    const before = readFileSync(file, "utf8");
    const refused = merge("--rules", file);
    expect(refused.code).toBe(1);
    const lines = refused.err.trim().split("\n");
    expect(lines[0]).toBe(
      `firestore:merge: ${file}:10: "match /{document=**}" has "allow read: if request.auth != null;", which also applies to the engine's backfillJobs, backfillSettings, backfillLocks, backfillAutoStarts, backfillCircuits, backfillFaults, dashboardCsvCache (rules are OR-ed): narrow it to the app's own collections, or run again with --force to accept it`,
    );
    expect(lines[1]).toBe(`firestore:merge: ${file} not changed`);
    expect(readFileSync(file, "utf8")).toBe(before);

    const forced = merge("--rules", file, "--force");
    expect(forced.code).toBe(0);
    expect(forced.out).toBe(`firestore:merge: ${file}: the engine's block added (--force: the overlap above stays)\n`);
    expect(readFileSync(file, "utf8")).toContain("// BEGIN backfill-engine");
  });

  test.each([
    ["a one-segment wildcard", "match /{collection}/{docId} {\n      allow read: if request.auth != null;\n    }", "backfillJobs, backfillSettings"],
    [
      "the app's own rule on an engine collection",
      "match /backfillJobs/{jobId} {\n      allow read: if request.auth.token.support == true;\n    }",
      "engine's backfillJobs (rules",
    ],
    ["an allow with no condition", "match /{path=**} {\n      allow get;\n    }", '"allow get;"'],
  ])("%s is refused too", (_name, rule, named) => {
    const file = copy("app.rules");
    writeFileSync(file, readFileSync(file, "utf8").replace("    // The app's default", `    ${rule}\n\n    // The app's default`));
    const refused = merge("--rules", file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(named);
  });

  test("a ruleset without a documents match is refused in one line", () => {
    const file = copy("app.rules");
    writeFileSync(file, "rules_version = '2';\nservice firebase.storage {\n  match /b/{bucket}/o {\n  }\n}\n");
    expect(merge("--rules", file)).toMatchObject({
      code: 1,
      err: `firestore:merge: ${file}: no "match /databases/{database}/documents { ... }" to merge the block into\n`,
    });
  });
});

describe("indexes", () => {
  const engine = JSON.parse(readFileSync(join(ROOT, "firestore.indexes.json"), "utf8"));

  test("the engine's indexes and field overrides join the app's; equal ones once; a second run changes nothing", () => {
    const file = copy("app.indexes.json");
    const app = JSON.parse(readFileSync(file, "utf8"));
    const result = merge("--indexes", file);
    expect(result.code).toBe(0);
    const merged = JSON.parse(readFileSync(file, "utf8"));
    expect(merged.indexes.slice(0, app.indexes.length)).toEqual(app.indexes);
    expect(merged.fieldOverrides.slice(0, app.fieldOverrides.length)).toEqual(app.fieldOverrides);
    // The app already has backfillJobs (status, createdAt desc), written with its implicit __name__.
    expect(merged.indexes).toHaveLength(app.indexes.length + engine.indexes.length - 1);
    expect(merged.fieldOverrides).toHaveLength(app.fieldOverrides.length + engine.fieldOverrides.length);
    expect(result.out).toBe(
      `firestore:merge: ${file}: added ${engine.indexes.length - 1} index(es) and ${engine.fieldOverrides.length} field override(s); the app's are kept\n`,
    );

    const once = readFileSync(file, "utf8");
    expect(merge("--indexes", file)).toMatchObject({ code: 0, out: `firestore:merge: ${file}: already has every engine index and field override\n` });
    expect(readFileSync(file, "utf8")).toBe(once);
  });

  test("the same field overridden differently by the app and the engine is refused in one line", () => {
    const file = copy("app.indexes.json");
    const app = JSON.parse(readFileSync(file, "utf8"));
    const theirs = { ...engine.fieldOverrides[0], indexes: [{ order: "DESCENDING", queryScope: "COLLECTION" }] };
    writeFileSync(file, JSON.stringify({ ...app, fieldOverrides: [...app.fieldOverrides, theirs] }));
    const before = readFileSync(file, "utf8");
    const refused = merge("--indexes", file);
    expect(refused).toMatchObject({
      code: 1,
      err: `firestore:merge: ${file}: the app and the engine both override ${theirs.collectionGroup}.${theirs.fieldPath} with different indexes; merge that field override by hand\n`,
    });
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});

test("usage errors exit 2", () => {
  expect(merge().code).toBe(2);
  expect(merge("--rules", "/nonexistent/firestore.rules")).toMatchObject({ code: 2, err: "firestore:merge: /nonexistent/firestore.rules does not exist\n" });
});
