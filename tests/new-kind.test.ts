/**
 * `npm run new-kind`: in a copy of the sources, the kind it writes is registered with one line,
 * type-checks, lints clean in Prettier's layout, passes deploy:check's query catalogue and its own contract test (a jest run of its
 * own against the stack's Firestore); a bad or taken name is refused and writes nothing.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { runDeployCheck } from "./support/deploy-check-run";

const ROOT = resolve(__dirname, "..");
const WORK = join(ROOT, ".stack/new-kind-test");
const COPIED = [
  "tsconfig.json",
  "functions/src",
  "functions/tsconfig.json",
  "hosting/src",
  "tools/new-kind.mjs",
  "tools/new-kind",
  "firebase.json",
  "firestore.indexes.json",
  "firestore.queries.json",
  "eslint.config.mjs",
  ".prettierrc.json",
  ".prettierignore",
];
const registry = () => readFileSync(join(WORK, "functions/src/kinds/registry.ts"), "utf8");
/**
 * The kind this test writes: a name no kind in the sources has, so the test also passes beside a
 * kind a developer just generated (`npm run new-kind -- example-kind && npm test`).
 */
const PROBE = ["new-kind-probe", "new-kind-probe-b", "new-kind-probe-c"].find((name) => !existsSync(join(ROOT, "functions/src/kinds", name)))!;
const PROBE_FN = PROBE.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd: WORK, encoding: "utf8", env, timeout: 110_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
const newKind = (...args: string[]) => run(process.execPath, ["tools/new-kind.mjs", ...args]);

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  for (const path of COPIED) {
    mkdirSync(join(WORK, path, ".."), { recursive: true });
    cpSync(join(ROOT, path), join(WORK, path), { recursive: true });
  }
  // The functions' own dependencies (zod 4 among them) resolve as they do for functions/src.
  symlinkSync(join(ROOT, "functions/node_modules"), join(WORK, "functions/node_modules"));
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

test("refuses a name that is not kebab-case, or is taken, and writes nothing", () => {
  const before = registry();
  for (const bad of [["Recipe_Tags"], ["recipe-difficulty"], [], ["a", "b"]]) {
    const result = newKind(...bad);
    expect(result.status).toBe(2);
    expect(result.output).toMatch(/^new-kind: /);
  }
  expect(registry()).toBe(before);
  expect(existsSync(join(WORK, "functions/src/kinds/Recipe_Tags"))).toBe(false);
});

test("writes a kind that registers with one line, builds, is catalogued and passes its contract", async () => {
  const before = registry();
  const result = newKind(PROBE);
  expect(result.status).toBe(0);
  expect(result.output).toContain(`npm run test:kinds -- ${PROBE}`);
  const added = registry()
    .split("\n")
    .filter((line) => !before.split("\n").includes(line));
  expect(added).toEqual([`import { ${PROBE_FN} } from "./${PROBE}";`, `    ${PROBE_FN}(),`]);

  const tsc = run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "functions/tsconfig.json"]);
  expect(tsc.output).toBe("");
  expect(tsc.status).toBe(0);

  // In the repository's style: no lint warning, Prettier's layout.
  const written = [`functions/src/kinds/${PROBE}`, "functions/src/kinds/registry.ts"];
  const lint = run(process.execPath, [join(ROOT, "node_modules/eslint/bin/eslint.js"), "--max-warnings", "0", ...written]);
  expect(lint.output).toBe("");
  expect(lint.status).toBe(0);
  const format = run(process.execPath, [join(ROOT, "node_modules/prettier/bin/prettier.cjs"), "--check", ...written]);
  expect(format.status).toBe(0);

  const deployCheck = await runDeployCheck(["--only", "indexes", "--root", WORK], 60_000);
  expect(deployCheck.lines).toEqual([expect.stringMatching(/^deploy:check indexes: ok /)]);
  expect(deployCheck.code).toBe(0);

  // Its contract test, in a jest run of its own (the copy is outside this run's roots).
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.JEST_SUMMARY_FILE; // this run's summary is the parent's to write
  const jest = run(
    join(ROOT, "node_modules/.bin/jest"),
    ["--config", join(ROOT, "jest.config.js"), "--rootDir", ROOT, "--roots", join(WORK, `functions/src/kinds/${PROBE}`), "--ci"],
    env,
  );
  expect(jest.output).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(jest.status).toBe(0);
});
