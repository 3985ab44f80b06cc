/** `npm run iam`: the exact gcloud lines for a sample project, in a child process; it calls nothing. Needs no emulators. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const iam = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/iam.mjs"), ...args], { encoding: "utf8", env: { PATH: "" } });

const invoker = (service: string, region: string) => [
  `# Cloud Run Invoker on ${service} (Cloud Run service ${service.toLowerCase()}): Cloud Tasks delivers its tasks with SA's OIDC token.`,
  `gcloud run services add-iam-policy-binding ${service.toLowerCase()} --project=my-project --region=${region} --member="serviceAccount:\${SA}" --role=roles/run.invoker`,
];

const roles = [
  "# Cloud Tasks Enqueuer: SA creates the tasks in the functions' queues.",
  'gcloud projects add-iam-policy-binding my-project --member="serviceAccount:${SA}" --role=roles/cloudtasks.enqueuer --condition=None',
  "# Cloud Functions Viewer: before enqueueing, SA reads each task function's URL (serviceConfig.uri) from the Cloud Functions API.",
  'gcloud projects add-iam-policy-binding my-project --member="serviceAccount:${SA}" --role=roles/cloudfunctions.viewer --condition=None',
  "# Service Account User on itself: a task carries SA's identity (oidcToken.serviceAccountEmail), which needs iam.serviceAccounts.actAs on SA.",
  'gcloud iam service-accounts add-iam-policy-binding "${SA}" --project=my-project --member="serviceAccount:${SA}" --role=roles/iam.serviceAccountUser',
];

test("default: the Compute Engine default service account, found by the project number", () => {
  const run = iam("--project", "my-project");
  expect(run.status).toBe(0);
  expect(run.stderr).toBe("");
  expect(run.stdout.split("\n")).toEqual([
    "# IAM for the backfill engine's task queue functions in my-project (us-central1); run after the first firebase deploy.",
    "# The project number names the Compute Engine default service account, which 2nd-gen functions run as by default.",
    "PROJECT_NUMBER=$(gcloud projects describe my-project --format='value(projectNumber)')",
    "# That account enqueues the tasks (the API, the dispatcher, the recovery) and Cloud Tasks calls the functions with its OIDC token.",
    'SA="${PROJECT_NUMBER}-compute@developer.gserviceaccount.com"',
    ...roles,
    ...invoker("backfillDispatch", "us-central1"),
    ...invoker("backfillItem", "us-central1"),
    ...invoker("backfillRecover", "us-central1"),
    "",
  ]);
});

test("--service-account and --location: that account, no project-number lookup", () => {
  const run = iam("--project", "my-project", "--location", "europe-west1", "--service-account", "backfill-runner@my-project.iam.gserviceaccount.com");
  expect(run.status).toBe(0);
  expect(run.stdout.split("\n")).toEqual([
    "# IAM for the backfill engine's task queue functions in my-project (europe-west1); run after the first firebase deploy.",
    "# The account the functions run as (their serviceAccount option): it enqueues the tasks and Cloud Tasks calls the functions with its OIDC token.",
    'SA="backfill-runner@my-project.iam.gserviceaccount.com"',
    ...roles,
    ...invoker("backfillDispatch", "europe-west1"),
    ...invoker("backfillItem", "europe-west1"),
    ...invoker("backfillRecover", "europe-west1"),
    "",
  ]);
});

test.each([
  [["--location", "us-central1"], '--project must be a Google Cloud project id (got "")'],
  [["--project", "My_Project"], '--project must be a Google Cloud project id (got "My_Project")'],
  [["--project", "my-project", "--location", "mars"], '--location must be a Cloud Functions region such as us-central1 (got "mars")'],
  [["--project", "my-project", "--service-account", "someone@example.com"], '--service-account must be a service account email (got "someone@example.com")'],
])("bad input %j: exit 2 with one line and the usage", (args, message) => {
  const run = iam(...args);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toBe(`${message}\nusage: npm run -s iam -- --project <projectId> [--location <region>] [--service-account <email>]\n`);
});

test("every task queue function of functions/src/index.ts gets its invoker line", () => {
  const source = readFileSync(join(ROOT, "functions/src/index.ts"), "utf8");
  const taskFunctions = [...source.matchAll(/export const (\w+) = onTaskDispatched\(/g)].map((m) => m[1]).sort();
  expect(taskFunctions.length).toBeGreaterThan(0);
  const invoked = [...iam("--project", "my-project").stdout.matchAll(/^gcloud run services add-iam-policy-binding (\S+) /gm)].map((m) => m[1]).sort();
  expect(invoked).toEqual(taskFunctions.map((name) => name.toLowerCase()));
});
