// The deploy-check functions test (tests/deploy-check-functions.test.ts) adds csv-stringify, a root
// devDependency, to a copy of functions/package.json and expects `npm ci --prefer-offline` to name
// it as missing from the lockfile. npm resolves the range from the package's registry document
// (its packument), which installing from a lockfile never caches: only the tarball. Cached here
// once, at install time (the registry is reachable then), so the test never leaves the machine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const CACHED_FOR_TESTS = "csv-stringify";

export function ensureNpmCache(root) {
  const lock = JSON.parse(readFileSync(resolve(root, "package-lock.json"), "utf8"));
  const version = lock.packages?.[`node_modules/${CACHED_FOR_TESTS}`]?.version;
  if (!version) return null;
  const spec = `${CACHED_FOR_TESTS}@${version}`;
  try {
    // --prefer-offline: nothing is fetched once the cache has it (idempotent).
    execFileSync("npm", ["cache", "add", spec, "--prefer-offline"], { cwd: root, stdio: "ignore" });
    return spec;
  } catch {
    console.warn(`Could not cache ${spec} in npm's cache: tests/deploy-check-functions.test.ts needs it (run npm install again online).`);
    return null;
  }
}
