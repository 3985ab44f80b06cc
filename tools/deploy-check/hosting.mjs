// deploy:check "hosting": `firebase deploy` from a fresh clone ships a built admin page. The page's
// bundle (hosting/public/app.js, built by tools/setup/build-page.mjs) is git-ignored, so a hosting
// entry of firebase.json must build it in its `predeploy`. Checked on a copy of the project without
// the bundle: the predeploy commands are run the way firebase-tools runs them
// (lib/deploy/lifecycleHooks.js: in a shell, cwd = the project, with GCLOUD_PROJECT, PROJECT_DIR and
// RESOURCE_DIR = the public folder), then every local script and stylesheet the public index.html
// loads must exist.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const name = "hosting";

/** The page's build output (git-ignored), left out of the copy as a fresh clone lacks it. */
const BUILT = ["app.js", "app.js.map"];
/** Never copied: installed packages, build output, local state. */
const SKIPPED = ["node_modules", ".git", ".stack", ".emulator-data", ".tmp", "coverage", "functions/lib"];
const PROJECT_ID = "demo-backfill";

export async function check(root) {
  const hosting = [JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")).hosting ?? []].flat();
  if (!hosting.length) return ["firebase.json has no hosting entry"];
  const problems = [];
  for (const entry of hosting) problems.push(...checkEntry(root, entry));
  return problems;
}

function checkEntry(root, entry) {
  const label = entry.target ? `hosting[${entry.target}]` : "hosting";
  const commands = [entry.predeploy ?? []].flat();
  if (!commands.length) {
    return [`firebase.json ${label} has no predeploy step: firebase deploy from a fresh clone would ship ${entry.public} without its built page (${BUILT[0]})`];
  }
  const copy = copyProject(root, entry.public);
  try {
    const env = { ...process.env, GCLOUD_PROJECT: PROJECT_ID, PROJECT_DIR: copy, RESOURCE_DIR: join(copy, entry.public) };
    for (const command of commands) {
      const ran = spawnSync(command, { cwd: copy, env, shell: true, encoding: "utf8" });
      if (ran.status !== 0) {
        const lines = `${ran.stderr ?? ""}${ran.stdout ?? ""}`
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean);
        const why = lines.find((line) => /error/i.test(line)) ?? lines[0] ?? `exit ${ran.status}`;
        return [`firebase.json ${label} predeploy "${command}" failed: ${why}`];
      }
    }
    const missing = pageAssets(join(copy, entry.public)).filter((asset) => !existsSync(join(copy, entry.public, asset)));
    return missing.map((asset) => `firebase.json ${label} predeploy does not build ${entry.public}/${asset}, which index.html loads`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The project copied to a temporary folder without the page's build output; node_modules linked, not copied. */
function copyProject(root, publicDir) {
  const copy = mkdtempSync(join(tmpdir(), "backfill-deploy-check-hosting-"));
  const skipped = new Set([...SKIPPED, ...BUILT.map((file) => join(publicDir, file))].map((path) => resolve(root, path)));
  cpSync(root, copy, { recursive: true, filter: (src) => !skipped.has(resolve(src)) });
  const modules = [join(root, "node_modules"), resolve(import.meta.dirname, "../../node_modules")].find(existsSync);
  if (modules) symlinkSync(modules, join(copy, "node_modules"), "dir");
  return copy;
}

/** Local scripts and stylesheets the public index.html loads (relative URLs only). */
function pageAssets(publicDir) {
  const html = readFileSync(join(publicDir, "index.html"), "utf8");
  const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  return urls.filter((url) => !/^([a-z]+:)?\/\//i.test(url) && !url.startsWith("/__/")).map((url) => url.replace(/^\.?\//, "").split(/[?#]/)[0]);
}
