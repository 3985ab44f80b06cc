// `functions/` installed and built the way Cloud Build sees it: copied alone into a temporary
// folder (no root workspace, no hoisted node_modules), `npm ci` from functions/package-lock.json,
// then `npm run build`. Each failure is one line.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshShellEnv, run } from "./process.mjs";

const REFRESH = "run npm run lock:functions";

/** Copies `functionsDir` (without node_modules and lib) into a new temporary folder; returns its path. */
export function copyFunctions(functionsDir) {
  const dir = mkdtempSync(join(tmpdir(), "backfill-deploy-check-functions-"));
  // What a fresh clone has: no installed packages, no build output (both are git-ignored).
  const skipped = new Set([join(functionsDir, "node_modules"), join(functionsDir, "lib")]);
  cpSync(functionsDir, dir, { recursive: true, filter: (src) => !skipped.has(src) });
  return dir;
}

/** Runs npm ci then the build in `dir`; resolves to the problem (one line) or null. */
export async function installAndBuild(dir) {
  const env = freshShellEnv();
  // --prefer-offline: npm's cache (~/.npm) serves what it has; the lockfile still decides every version.
  const ci = await run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, env });
  if (ci.code !== 0) return npmCiProblem(ci.output);
  const build = await run("npm", ["run", "build"], { cwd: dir, env });
  if (build.code !== 0) return `npm run build of functions/ alone failed: ${firstLine(build.output, /error/i)}`;
  return null;
}

/** npm ci's refusal in one line: a lockfile missing or out of step with package.json says how to refresh it. */
export function npmCiProblem(output) {
  if (/can only install with an existing package-lock\.json/i.test(output)) {
    return `functions/package-lock.json is missing: ${REFRESH}`;
  }
  if (/package\.json and package-lock\.json[^\n]* are in sync/i.test(output)) {
    const details = output
      .split("\n")
      .map((line) => line.replace(/^npm (error|ERR!)\s*/, "").trim())
      .filter((line) => /^(Missing|Invalid):/.test(line));
    const why = details.length ? ` (${details.slice(0, 3).join("; ")}${details.length > 3 ? "; ..." : ""})` : "";
    return `functions/package-lock.json does not match functions/package.json${why}: ${REFRESH}`;
  }
  return `npm ci of functions/ alone failed: ${firstLine(output, /^npm (error|ERR!)\s*\S/)}`;
}

function firstLine(output, pattern) {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.find((line) => pattern.test(line)) ?? lines.at(-1) ?? "no output").replace(/^npm (error|ERR!)\s*/, "");
}
