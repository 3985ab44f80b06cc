/**
 * The engine's rules block merged by `npm run firestore:merge` into an example app's ruleset
 * (tests/fixtures/app.rules), loaded in the Firestore emulator: the app's own paths keep exactly their
 * access, the engine's collections are readable by admins only where the page reads them and
 * writable by no client. And why the merge refuses an app catch-all that grants reads
 * (tests/fixtures/app-open.rules): merged anyway (--force), any signed-in user reads the engine's jobs.
 */
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, orderBy, query, setDoc } from "firebase/firestore";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_READABLE, ENGINE_PATHS } from "./support/engine-paths";
import { stackEnv } from "./support/stack";

/** The fixture merged by the tool, as an app would deploy it. */
function merged(fixture: string, ...flags: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "rules-merged-")), "firestore.rules");
  copyFileSync(join(__dirname, "fixtures", fixture), file);
  execFileSync(process.execPath, [join(__dirname, "../tools/firestore-merge/run.mjs"), "--rules", file, ...flags], { stdio: "pipe" });
  return readFileSync(file, "utf8");
}

async function environment(projectId: string, rules: string): Promise<RulesTestEnvironment> {
  const [host, port] = stackEnv.firestoreHost.split(":");
  return initializeTestEnvironment({ projectId, firestore: { rules, host, port: Number(port) } });
}

type Who = "anonymous" | "user" | "otherUser" | "editor" | "admin";
const AS: Record<Exclude<Who, "anonymous">, [string, Record<string, unknown>]> = {
  user: ["u1", {}],
  otherUser: ["u2", {}],
  editor: ["e1", { editor: true }],
  admin: ["a1", { admin: true }],
};
const dbAs = (env: RulesTestEnvironment, who: Who) => (who === "anonymous" ? env.unauthenticatedContext() : env.authenticatedContext(...AS[who])).firestore();

const APP_PATHS = ["recipes/r1", "users/u1", "users/u1/orders/o1", "internal/config"];
const WHO: Who[] = ["anonymous", "user", "otherUser", "editor", "admin"];

/** The app's own access, as tests/fixtures/app.rules gives it (the block changes none of it). */
const APP_READ: Record<string, Who[]> = {
  "recipes/r1": WHO,
  "users/u1": ["user"],
  "users/u1/orders/o1": ["user"],
  "internal/config": [],
};
const APP_WRITE: Record<string, Who[]> = {
  "recipes/r1": ["editor"],
  "users/u1": ["user"],
  "users/u1/orders/o1": ["user"],
  "internal/config": [],
};

let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await environment("demo-backfill-app-rules", merged("app.rules"));
  await env.withSecurityRulesDisabled(async (ctx) => {
    for (const path of [...ENGINE_PATHS, ...APP_PATHS]) await setDoc(doc(ctx.firestore(), path), { createdAt: 1, status: "running" });
  });
});

afterAll(async () => {
  await env.clearFirestore();
  await env.cleanup();
});

describe("the app's own paths keep their access", () => {
  const cases = APP_PATHS.flatMap((path) => WHO.map((who) => [path, who] as const));

  test.each(cases)("read %s as %s", async (path, who) => {
    const read = getDoc(doc(dbAs(env, who), path));
    await (APP_READ[path].includes(who) ? assertSucceeds(read) : assertFails(read));
  });

  test.each(cases)("write %s as %s", async (path, who) => {
    const write = setDoc(doc(dbAs(env, who), path), { createdAt: 2, by: who });
    await (APP_WRITE[path].includes(who) ? assertSucceeds(write) : assertFails(write));
  });
});

describe("the engine's collections: admins read what the page shows, no client writes", () => {
  const cases = ENGINE_PATHS.flatMap((path) => WHO.map((who) => [path, who] as const));

  test.each(cases)("read %s as %s", async (path, who) => {
    const read = getDoc(doc(dbAs(env, who), path));
    await (who === "admin" && ADMIN_READABLE.has(path) ? assertSucceeds(read) : assertFails(read));
  });

  test.each(cases)("write and delete %s as %s: refused", async (path, who) => {
    const db = dbAs(env, who);
    await assertFails(setDoc(doc(db, path), { status: "completed" }));
    await assertFails(deleteDoc(doc(db, path)));
  });

  test("an admin lists jobs newest first (the history view's query); the app's users cannot", async () => {
    const list = (who: Who) => getDocs(query(collection(dbAs(env, who), "backfillJobs"), orderBy("createdAt", "desc")));
    await assertSucceeds(list("admin"));
    for (const who of ["anonymous", "user", "editor"] as const) await assertFails(list(who));
  });
});

test("an app catch-all that grants reads, merged anyway with --force, lets any signed-in user read the engine's jobs (why the merge refuses it)", async () => {
  const open = await environment("demo-backfill-open-rules", merged("app-open.rules", "--force"));
  try {
    await open.withSecurityRulesDisabled((ctx) => setDoc(doc(ctx.firestore(), "backfillJobs/j1"), { status: "running" }));
    await assertSucceeds(getDoc(doc(dbAs(open, "user"), "backfillJobs/j1")));
    await assertSucceeds(getDoc(doc(dbAs(open, "user"), "backfillLocks/active")));
    await assertFails(getDoc(doc(dbAs(open, "anonymous"), "backfillJobs/j1")));
    await assertFails(setDoc(doc(dbAs(open, "user"), "backfillJobs/j1"), { status: "completed" }));
  } finally {
    await open.clearFirestore();
    await open.cleanup();
  }
});
