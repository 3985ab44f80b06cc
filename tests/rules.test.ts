/**
 * firestore.rules, the engine on its own (the block of firestore/backfill.rules merged into a minimal
 * ruleset): clients read only what an admin page needs, and never write; the kinds' data (recipes,
 * snapshots, process instances) has no rule, so it is closed. tests/rules-merged.test.ts has the
 * block inside an app's ruleset.
 */
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, orderBy, query, setDoc } from "firebase/firestore";
import { readFileSync } from "node:fs";
import { ADMIN_READABLE, ENGINE_PATHS } from "./support/engine-paths";
import { stackEnv } from "./support/stack";

let env: RulesTestEnvironment;

// The engine's documents, then the kinds' and the test-only ones (closed: no rule names them).
const PATHS = [
  ...ENGINE_PATHS,
  "systemFlags/difficulty_backfill_completed",
  "recipes/r1",
  "districtConfiguration/current",
  "districtSnapshots/2025-03-10",
  "districtSnapshots/2025-03-10/districts/61",
  "districtSnapshots/2025-03-10/analytics/61",
  "processModels/m1",
  "processInstances/p1",
  "processInstances/p1/tasks/t1",
  "processInstances/p1/metadata/k1",
  "processInstances/p1/metadataBackfillErrors/j1",
  "syntheticEffects/j1-0",
];

type Who = "anonymous" | "user" | "admin";
const WHO: Who[] = ["anonymous", "user", "admin"];

function dbAs(who: Who) {
  if (who === "anonymous") return env.unauthenticatedContext().firestore();
  return env.authenticatedContext(who === "admin" ? "a1" : "u1", who === "admin" ? { admin: true } : {}).firestore();
}

beforeAll(async () => {
  const [host, port] = stackEnv.firestoreHost.split(":");
  env = await initializeTestEnvironment({
    projectId: "demo-backfill-rules",
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host, port: Number(port) },
  });
  await env.withSecurityRulesDisabled(async (ctx) => {
    for (const path of PATHS) await setDoc(doc(ctx.firestore(), path), { createdAt: 1, status: "running" });
  });
});

afterAll(async () => {
  await env.clearFirestore();
  await env.cleanup();
});

const cases = PATHS.flatMap((path) => WHO.map((who) => [path, who] as const));

test.each(cases)("read %s as %s", async (path, who) => {
  const read = getDoc(doc(dbAs(who), path));
  if (who === "admin" && ADMIN_READABLE.has(path)) await assertSucceeds(read);
  else await assertFails(read);
});

test.each(cases)("write and delete %s as %s: refused", async (path, who) => {
  const db = dbAs(who);
  await assertFails(setDoc(doc(db, path), { status: "completed" }));
  await assertFails(deleteDoc(doc(db, path)));
});

test("an admin can list jobs newest first; others cannot", async () => {
  const list = (who: Who) => getDocs(query(collection(dbAs(who), "backfillJobs"), orderBy("createdAt", "desc")));
  await assertSucceeds(list("admin"));
  await assertFails(list("user"));
  await assertFails(list("anonymous"));
});
