// `npm run lock:functions`: writes functions/package-lock.json, the lockfile Cloud Build installs
// `functions/` from when it is deployed alone (no root workspace, no hoisted node_modules).
// The root is an npm workspace, so `npm install` at the root never writes a lockfile inside
// functions/; this resolves functions/package.json on its own in a temporary folder and copies
// the result back. The functions' direct dependencies get the versions the root lockfile gives the
// workspace (what the tests run), by resolving once with those exact versions and then again with
// package.json's ranges, which keeps them; the rest starts from the current functions lockfile, so
// only what changed moves. Run it after every change to functions/package.json (and root
// `npm install`); `npm run deploy:check` fails while the two disagree.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const functionsDir = join(root, "functions");
const lockfile = join(functionsDir, "package-lock.json");
const pkg = JSON.parse(readFileSync(join(functionsDir, "package.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "backfill-lock-functions-"));

/** package.json with each direct dependency pinned to the version the root lockfile installs for the workspace. */
function pinnedToWorkspace() {
  const installed = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")).packages;
  const pin = (deps = {}) =>
    Object.fromEntries(
      Object.entries(deps).map(([name, range]) => [name, (installed[`functions/node_modules/${name}`] ?? installed[`node_modules/${name}`])?.version ?? range]),
    );
  return { ...pkg, dependencies: pin(pkg.dependencies), devDependencies: pin(pkg.devDependencies) };
}

function resolveLock(packageJson) {
  writeFileSync(join(work, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  execFileSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--workspaces=false"], {
    cwd: work,
    stdio: "inherit",
  });
}

try {
  if (existsSync(lockfile)) copyFileSync(lockfile, join(work, "package-lock.json"));
  resolveLock(pinnedToWorkspace());
  resolveLock(pkg);
  copyFileSync(join(work, "package-lock.json"), lockfile);
  console.log(`Wrote ${lockfile}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
