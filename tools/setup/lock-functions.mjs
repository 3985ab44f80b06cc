// `npm run lock:functions`: writes functions/package-lock.json, the lockfile Cloud Build installs
// `functions/` from when it is deployed alone (no root workspace, no hoisted node_modules).
// The root is an npm workspace, so `npm install` at the root never writes a lockfile inside
// functions/; this resolves functions/package.json on its own in a temporary folder (starting from
// the current functions lockfile, so only what changed in package.json moves) and copies the
// result back. Run it after every change to functions/package.json; `npm run deploy:check`
// fails while the two disagree.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const functionsDir = resolve(import.meta.dirname, "../../functions");
const lockfile = join(functionsDir, "package-lock.json");
const work = mkdtempSync(join(tmpdir(), "backfill-lock-functions-"));
try {
  copyFileSync(join(functionsDir, "package.json"), join(work, "package.json"));
  if (existsSync(lockfile)) copyFileSync(lockfile, join(work, "package-lock.json"));
  execFileSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--workspaces=false"], {
    cwd: work,
    stdio: "inherit",
  });
  copyFileSync(join(work, "package-lock.json"), lockfile);
  console.log(`Wrote ${lockfile}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
