// deploy:check "functions": the functions folder as Cloud Build and `firebase deploy` see it.
// `functions/` is copied alone into a temporary folder (no root workspace, no hoisted
// node_modules), installed with `npm ci` from functions/package-lock.json and built; the SDK's
// manifest is then read the way firebase-tools reads it, with the environment it gives
// (functions/discover.mjs: no emulator variable), and compared with the contract
// tools/deploy-check/expected-endpoints.json: every endpoint's name, region, trigger and its
// retry / rate-limit / schedule / event config, timeout, memory, concurrency, secrets, invoker,
// service account; the runtime in firebase.json and functions/package.json. Loading must also be
// quiet (nothing on stderr), and fail with the documented message when a required setting is
// missing (functions/startup-failure.mjs). The manifest read is left in
// .stack/deploy-check/functions-manifest.json (to update the contract from).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CONTRACT, compareManifest } from "./functions/compare-endpoints.mjs";
import { deployDiscoveryEnv, discover } from "./functions/discover.mjs";
import { copyFunctions, installAndBuild } from "./functions/isolated-build.mjs";
import { checkStartupFailure } from "./functions/startup-failure.mjs";

export const name = "functions";

/** A demo project id: nothing the check runs can reach a real project. */
const PROJECT_ID = "demo-backfill";
export const MANIFEST_OUT = ".stack/deploy-check/functions-manifest.json";

export async function check(root) {
  if (!existsSync(join(root, CONTRACT))) return [`${CONTRACT} is missing: the functions have no contract to be checked against`];
  const expected = JSON.parse(readFileSync(join(root, CONTRACT), "utf8"));
  const problems = runtimeProblems(root, expected.runtime);
  const dir = copyFunctions(join(root, "functions"));
  try {
    const failed = await installAndBuild(dir);
    if (failed) return [...problems, failed];
    const env = deployDiscoveryEnv(PROJECT_ID);
    const loaded = await discover(dir, env);
    if (!loaded.manifest) return [...problems, `the functions do not load as firebase deploy loads them: ${oneLine(loaded.error)}`];
    const out = join(root, MANIFEST_OUT);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(loaded.manifest, null, 2)}\n`);
    problems.push(...compareManifest(expected, loaded.manifest));
    const noise = loaded.output.split("\n").filter((line) => line.trim() && !/^Serving at port \d+$/.test(line.trim()));
    if (noise.length) problems.push(`loading the functions as firebase deploy does printed: ${oneLine(noise.join(" | "))}`);
    problems.push(...(await checkStartupFailure(dir, env)));
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runtime firebase.json deploys with and the Node version functions/package.json asks for agree with the contract. */
export function runtimeProblems(root, runtime) {
  const firebase = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8"));
  const codebases = [firebase.functions ?? []].flat();
  const entry = codebases.find((c) => (c.source ?? "functions") === "functions");
  if (!entry) return ["firebase.json has no functions entry with source functions"];
  const problems = [];
  if (entry.runtime !== runtime) problems.push(`firebase.json functions runtime is ${entry.runtime ?? "not set"}, expected ${runtime} (${CONTRACT})`);
  const engines = JSON.parse(readFileSync(join(root, "functions/package.json"), "utf8")).engines?.node;
  if (`nodejs${engines}` !== runtime)
    problems.push(
      `functions/package.json engines.node is ${engines ?? "not set"}, expected ${runtime.replace(/^nodejs/, "")} (as firebase.json's runtime ${runtime})`,
    );
  return problems;
}

function oneLine(text) {
  return text.replace(/\s+/g, " ").trim().slice(0, 400);
}
