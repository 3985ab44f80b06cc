/**
 * deploy:check "functions" (offline, no emulators): functions/ installed alone from its lockfile,
 * built, its manifest read as firebase deploy reads it and held to tools/deploy-check/expected-endpoints.json.
 * The real project passes; a copy whose functions/package.json gains a dependency the lockfile
 * lacks fails with one line; a manifest differing from the contract (taken from the real run, so
 * no second npm ci) is reported endpoint by endpoint, field by field.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { callModule, copyOfProject, ROOT, runDeployCheck, type CheckRun } from "./support/deploy-check-run";

const COMPARE = "tools/deploy-check/functions/compare-endpoints.mjs";
const CONTRACT = "tools/deploy-check/expected-endpoints.json";
const MANIFEST = ".stack/deploy-check/functions-manifest.json";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the manifest's JSON, edited and asserted field by field
type Manifest = { endpoints: Record<string, Record<string, any>>; [field: string]: unknown };
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const compare = (expected: unknown, manifest: unknown) => callModule<string[]>(COMPARE, "compareManifest", [expected, manifest]);

let real: CheckRun;
let manifest: Manifest;

beforeAll(async () => {
  rmSync(join(ROOT, MANIFEST), { force: true });
  real = await runDeployCheck(["--only", "functions"], 590_000);
  if (existsSync(join(ROOT, MANIFEST))) manifest = readJson(join(ROOT, MANIFEST));
}, 600_000);

test("the real project passes: installs and builds alone, every endpoint as the contract says, the startup check refuses a missing project id", () => {
  expect(real.lines).toEqual([expect.stringMatching(/^deploy:check functions: ok \(\d+ ms\)$/)]);
  expect(real.code).toBe(0);
  expect(Object.keys(manifest.endpoints).sort()).toEqual(Object.keys(readJson(join(ROOT, CONTRACT)).endpoints).sort());
});

test("a dependency missing from functions/package-lock.json fails with one line naming it and the fix", async () => {
  const copy = copyOfProject(["firebase.json", CONTRACT, "functions"]);
  try {
    const pkgPath = join(copy, "functions/package.json");
    const pkg = readJson(pkgPath);
    pkg.dependencies["csv-stringify"] = "^6.9.0"; // a root devDependency (so in npm's cache) with no dependencies, not in the functions lockfile
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    const run = await runDeployCheck(["--only", "functions", "--root", copy], 120_000);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      expect.stringMatching(
        /^deploy:check functions: functions\/package-lock\.json does not match functions\/package\.json \(Missing: csv-stringify@6\.\d+\.\d+ from lock file\): run npm run lock:functions$/,
      ),
      expect.stringMatching(/^deploy:check functions: 1 problem\(s\)/),
    ]);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}, 130_000);

describe("the manifest against the contract (the real run's manifest, changed as an edit of index.ts would)", () => {
  const contract = () => readJson(join(ROOT, CONTRACT));
  const edited = (edit: (m: Manifest) => void) => {
    const copy: Manifest = JSON.parse(JSON.stringify(manifest));
    edit(copy);
    return compare(contract(), copy);
  };

  test("unchanged: no difference", () => {
    expect(compare(contract(), manifest)).toEqual([]);
  });

  test("a queue's maxAttempts and a timeout changed: one line each, naming endpoint, field, actual and expected", () => {
    const lines = edited((m) => {
      m.endpoints.backfillItem.taskQueueTrigger.retryConfig.maxAttempts = 5;
      m.endpoints.backfillDispatch.timeoutSeconds = 240;
    });
    expect(lines).toEqual([
      "endpoint backfillDispatch: timeoutSeconds is 240, expected 180",
      "endpoint backfillItem: taskQueueTrigger.retryConfig.maxAttempts is 5, expected 4",
    ]);
  });

  test("options the contract leaves unset, a region, a lost secret, an invoker, a service account, a changed trigger", () => {
    const lines = edited((m) => {
      m.endpoints.backfillApi.availableMemoryMb = 1024;
      m.endpoints.backfillApi.region = ["europe-west1"];
      m.endpoints.backfillItem.secretEnvironmentVariables = [];
      m.endpoints.backfillItem.taskQueueTrigger.invoker = ["private"];
      m.endpoints.backfillDispatch.serviceAccountEmail = "tasks@demo-backfill.iam.gserviceaccount.com";
      m.endpoints.processModelUpdated.eventTrigger.retry = false;
      m.endpoints.backfillRecovery.scheduleTrigger = null;
      m.endpoints.backfillRecovery.httpsTrigger = {};
    });
    expect(lines).toEqual([
      "endpoint backfillApi: availableMemoryMb is 1024, expected not set",
      'endpoint backfillApi: region is ["europe-west1"], expected ["us-central1"]',
      'endpoint backfillDispatch: serviceAccountEmail is "tasks@demo-backfill.iam.gserviceaccount.com", expected not set',
      'endpoint backfillItem: secretEnvironmentVariables is not set, expected [{"key":"ANTHROPIC_API_KEY"}]',
      'endpoint backfillItem: taskQueueTrigger.invoker is ["private"], expected not set',
      'endpoint backfillRecovery: scheduleTrigger.schedule is not set, expected "every 1 minutes"',
      'endpoint backfillRecovery: trigger is "httpsTrigger", expected "scheduleTrigger"',
      "endpoint processModelUpdated: eventTrigger.retry is false, expected true",
    ]);
  });

  test("an endpoint missing, an extra one, a manifest-level change: one line each", () => {
    const lines = edited((m) => {
      m.endpoints.backfillRecoveryRenamed = m.endpoints.backfillRecovery;
      delete m.endpoints.backfillRecovery;
      m.requiredAPIs = [];
    });
    expect(lines).toEqual([
      `endpoint backfillRecovery is in ${CONTRACT} but the functions do not export it`,
      `endpoint backfillRecoveryRenamed is exported but not in ${CONTRACT}`,
      expect.stringMatching(/^manifest requiredAPIs is not set, expected \[\{"api":"cloudtasks\.googleapis\.com"/),
    ]);
  });
});
