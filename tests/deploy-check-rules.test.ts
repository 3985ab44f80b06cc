/**
 * deploy:check "rules" (tools/deploy-check/rules.mjs) on this repository and on broken copies of it:
 * firestore.rules must hold the current block verbatim, and the block must have no catch-all and no
 * client write other than `if false`. Each problem is one line.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

function check(root = ROOT) {
  const run = spawnSync(process.execPath, [join(ROOT, "tools/deploy-check/run.mjs"), "--only", "rules", "--root", root], { encoding: "utf8" });
  return { code: run.status, lines: run.stdout.trim().split("\n") };
}

/** A copy of the rules files with one of them edited. */
function brokenCopy(file: "firestore.rules" | "firestore/backfill.rules", edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "deploy-check-rules-"));
  cpSync(join(ROOT, "firestore.rules"), join(root, "firestore.rules"));
  cpSync(join(ROOT, "firestore"), join(root, "firestore"), { recursive: true });
  const text = readFileSync(join(root, file), "utf8");
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(join(root, file), edited);
  return root;
}

test("this repository passes", () => {
  const { code, lines } = check();
  expect(lines).toEqual([expect.stringMatching(/^deploy:check rules: ok \(\d+ ms\)$/)]);
  expect(code).toBe(0);
});

test("firestore.rules without the current block fails", () => {
  const root = brokenCopy("firestore/backfill.rules", (t) => t.replace("match /backfillLocks/{docId}", "match /backfillLocks/{lockId}"));
  const { code, lines } = check(root);
  expect(code).toBe(1);
  expect(lines[0]).toBe(
    "deploy:check rules: firestore.rules does not contain the current block of firestore/backfill.rules verbatim: run npm run firestore:merge -- --rules firestore.rules",
  );
});

test("a hand edit inside firestore.rules' block fails", () => {
  const root = brokenCopy("firestore.rules", (t) => t.replace("allow read, write: if false;", "allow read: if true;"));
  expect(check(root).lines[0]).toMatch(/^deploy:check rules: firestore\.rules does not contain the current block/);
});

test.each([
  ["allow write: if false;", "allow write: if backfillIsAdmin();", "lets clients write"],
  ["allow write: if false;", "allow create, update: if request.auth != null;", "lets clients create/update"],
  ["allow read, write: if false;", "allow read, delete;", "lets clients delete"],
])("a block with %s changed to %s fails", (from, to, says) => {
  const root = brokenCopy("firestore/backfill.rules", (t) => t.replace(from, to));
  const { code, lines } = check(root);
  expect(code).toBe(1);
  expect(lines[0]).toMatch(
    new RegExp(`^deploy:check rules: firestore/backfill\\.rules block line \\d+: ".+" ${says} \\(only "if false" is allowed for writes\\)$`),
  );
});

test("a block with a catch-all fails", () => {
  const root = brokenCopy("firestore/backfill.rules", (t) =>
    t.replace("// END backfill-engine", "match /{document=**} {\n  allow read: if backfillIsAdmin();\n}\n// END backfill-engine"),
  );
  const { code, lines } = check(root);
  expect(code).toBe(1);
  expect(lines[0]).toMatch(/^deploy:check rules: firestore\/backfill\.rules block line \d+: catch-all "match \/\{document=\*\*\}"/);
});

test("a missing block file is one line", () => {
  const root = mkdtempSync(join(tmpdir(), "deploy-check-rules-"));
  cpSync(join(ROOT, "firestore.rules"), join(root, "firestore.rules"));
  const { code, lines } = check(root);
  expect(code).toBe(1);
  expect(lines[0]).toBe("deploy:check rules: firestore/backfill.rules is missing");
});
