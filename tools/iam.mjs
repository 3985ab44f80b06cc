// Prints the gcloud commands that give the engine's task queue functions the IAM they need in a
// real project, one per line, each after a comment saying why. It runs nothing and calls nothing.
//   npm run -s iam -- --project my-project [--location us-central1] [--service-account EMAIL]
//   npm run -s iam -- --project my-project > iam.sh && sh iam.sh      (review it first)
// 2nd-gen functions run as the Compute Engine default service account unless their
// `serviceAccount` option names another (then pass it as --service-account). That account
// enqueues every task (the API, the dispatcher, the recovery) and the tasks carry its OIDC token:
//  - Cloud Tasks Enqueuer on the project, to create tasks in the functions' queues;
//  - Cloud Functions Viewer on the project, to read each task function's URL (the task's `uri`);
//  - Service Account User on itself, to put its own identity on a task (iam.serviceAccounts.actAs);
//  - Cloud Run Invoker on each task queue function's Cloud Run service, for Cloud Tasks to call it.
// Run it after the first `firebase deploy` (the services must exist).
import { parseArgs } from "node:util";

/** The onTaskDispatched functions of functions/src/index.ts (tests/iam.test.ts keeps this list in step). */
export const TASK_FUNCTIONS = ["backfillDispatch", "backfillItem", "backfillRecover"];

const USAGE = "usage: npm run -s iam -- --project <projectId> [--location <region>] [--service-account <email>]";

/** The options, checked; throws an Error with a one-line message on bad input. */
export function parseIamArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { project: { type: "string" }, location: { type: "string", default: "us-central1" }, "service-account": { type: "string" } },
    strict: true,
  });
  const project = values.project ?? "";
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) throw new Error(`--project must be a Google Cloud project id (got "${project}")`);
  if (!/^[a-z]+-[a-z]+[0-9]+$/.test(values.location))
    throw new Error(`--location must be a Cloud Functions region such as us-central1 (got "${values.location}")`);
  const serviceAccount = values["service-account"];
  if (serviceAccount !== undefined && !/^[^@\s]+@[^@\s]+\.gserviceaccount\.com$/.test(serviceAccount))
    throw new Error(`--service-account must be a service account email (got "${serviceAccount}")`);
  return { project, location: values.location, serviceAccount };
}

/** The script's lines: comments and commands, in the order to run them. */
export function iamLines({ project, location, serviceAccount }) {
  const account = serviceAccount
    ? [
        `# The account the functions run as (their serviceAccount option): it enqueues the tasks and Cloud Tasks calls the functions with its OIDC token.`,
        `SA="${serviceAccount}"`,
      ]
    : [
        `# The project number names the Compute Engine default service account, which 2nd-gen functions run as by default.`,
        `PROJECT_NUMBER=$(gcloud projects describe ${project} --format='value(projectNumber)')`,
        `# That account enqueues the tasks (the API, the dispatcher, the recovery) and Cloud Tasks calls the functions with its OIDC token.`,
        `SA="\${PROJECT_NUMBER}-compute@developer.gserviceaccount.com"`,
      ];
  const invokers = TASK_FUNCTIONS.flatMap((fn) => [
    `# Cloud Run Invoker on ${fn} (Cloud Run service ${fn.toLowerCase()}): Cloud Tasks delivers its tasks with SA's OIDC token.`,
    `gcloud run services add-iam-policy-binding ${fn.toLowerCase()} --project=${project} --region=${location} --member="serviceAccount:\${SA}" --role=roles/run.invoker`,
  ]);
  return [
    `# IAM for the backfill engine's task queue functions in ${project} (${location}); run after the first firebase deploy.`,
    ...account,
    `# Cloud Tasks Enqueuer: SA creates the tasks in the functions' queues.`,
    `gcloud projects add-iam-policy-binding ${project} --member="serviceAccount:\${SA}" --role=roles/cloudtasks.enqueuer --condition=None`,
    `# Cloud Functions Viewer: before enqueueing, SA reads each task function's URL (serviceConfig.uri) from the Cloud Functions API.`,
    `gcloud projects add-iam-policy-binding ${project} --member="serviceAccount:\${SA}" --role=roles/cloudfunctions.viewer --condition=None`,
    `# Service Account User on itself: a task carries SA's identity (oidcToken.serviceAccountEmail), which needs iam.serviceAccounts.actAs on SA.`,
    `gcloud iam service-accounts add-iam-policy-binding "\${SA}" --project=${project} --member="serviceAccount:\${SA}" --role=roles/iam.serviceAccountUser`,
    ...invokers,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(iamLines(parseIamArgs(process.argv.slice(2))).join("\n"));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
}
