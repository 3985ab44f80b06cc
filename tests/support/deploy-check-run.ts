/** `npm run deploy:check` as a child process, on the project or on a broken copy of parts of it. */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = resolve(__dirname, "../..");
const RUNNER = join(ROOT, "tools/deploy-check/run.mjs");

export interface CheckRun {
  code: number;
  /** stdout's lines: one per problem, then one summary per check. */
  lines: string[];
}

/** Runs the deploy check CLI with `args` (e.g. --only functions --root DIR); never rejects on exit 1. */
export function runDeployCheck(args: string[], timeoutMs: number): Promise<CheckRun> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [RUNNER, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 8 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      if (code !== 0 && code !== 1) return reject(new Error(`deploy:check exited ${code}: ${stderr}`));
      resolvePromise({ code, lines: stdout.split("\n").filter(Boolean) });
    });
  });
}

/** A temporary folder holding copies of `paths` (relative to the project), without node_modules or build output. */
export function copyOfProject(paths: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "backfill-deploy-check-test-"));
  const skipped = /(^|\/)(node_modules|lib)(\/|$)/;
  for (const path of paths) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true, filter: (src) => !skipped.test(src.slice(ROOT.length + 1)) });
  }
  return dir;
}

/** Calls an export of one of the deploy check's ES modules in a child node (jest here runs CommonJS). */
export function callModule<T>(modulePath: string, exportName: string, args: unknown[]): T {
  const url = pathToFileURL(join(ROOT, modulePath)).href;
  const code = `import { readFileSync } from "node:fs"; import * as m from ${JSON.stringify(url)};
    console.log(JSON.stringify(m[${JSON.stringify(exportName)}](...JSON.parse(readFileSync(0, "utf8")))));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { input: JSON.stringify(args), encoding: "utf8" });
  return JSON.parse(out) as T;
}
