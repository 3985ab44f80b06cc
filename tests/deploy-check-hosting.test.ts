/**
 * deploy:check "hosting" (offline, no emulators): firebase.json's hosting predeploy builds the
 * admin page, so `firebase deploy` from a fresh clone ships hosting/public/app.js. The real
 * project passes; copies without a predeploy, or with one that builds nothing, fail with one line.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyOfProject, runDeployCheck } from "./support/deploy-check-run";

/** What the page is built from (it imports a few engine modules, e.g. the statuses, from functions/src). */
const PAGE_SOURCES = ["firebase.json", "hosting", "tools/setup/build-page.mjs", "functions/src"];

/** The check on a copy of the page's sources whose firebase.json hosting entries (one, or a list of targets) are edited by `edit`. */
async function checkCopy(edit: (hosting: Record<string, unknown>) => void) {
  const copy = copyOfProject(PAGE_SOURCES);
  try {
    const file = join(copy, "firebase.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    [config.hosting].flat().forEach(edit);
    writeFileSync(file, JSON.stringify(config, null, 2));
    return await runDeployCheck(["--only", "hosting", "--root", copy], 60_000);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

test("the real project passes: its predeploy builds the page in a copy without app.js", async () => {
  const run = await runDeployCheck(["--only", "hosting"], 60_000);
  expect(run.lines).toEqual([expect.stringMatching(/^deploy:check hosting: ok \(\d+ ms\)$/)]);
  expect(run.code).toBe(0);
});

test("positive control: the copy the failing cases edit passes unedited", async () => {
  const run = await checkCopy(() => undefined);
  expect(run.lines).toEqual([expect.stringMatching(/^deploy:check hosting: ok/)]);
});

test("no predeploy: one line saying the deploy would ship no built page", async () => {
  const run = await checkCopy((hosting) => delete hosting.predeploy);
  expect(run.code).toBe(1);
  expect(run.lines).toEqual([
    expect.stringMatching(
      /^deploy:check hosting: firebase\.json hosting(\[[\w-]+\])? has no predeploy step: firebase deploy from a fresh clone would ship hosting\/public without its built page \(app\.js\)$/,
    ),
    expect.stringMatching(/^deploy:check hosting: 1 problem\(s\)/),
  ]);
});

test("a predeploy that builds nothing: one line naming the missing asset", async () => {
  const run = await checkCopy((hosting) => (hosting.predeploy = ["node -e 0"]));
  expect(run.code).toBe(1);
  expect(run.lines).toEqual([
    expect.stringMatching(
      /^deploy:check hosting: firebase\.json hosting(\[[\w-]+\])? predeploy does not build hosting\/public\/app\.js, which index\.html loads$/,
    ),
    expect.stringMatching(/^deploy:check hosting: 1 problem\(s\)/),
  ]);
});
