/**
 * Nothing leaves this machine during the tests. tools/test.mjs preloads tools/stack/offline-guard.cjs
 * into every Node process of the run (both emulator CLIs, the functions' workers, jest, scripts the
 * tests spawn): a connection to a non-loopback host is refused before it is made and recorded in
 * BACKFILL_OFFLINE_LOG. The stack sets the project id and METADATA_SERVER_DETECTION=none, so the
 * Admin SDK's google-auth-library does not probe the metadata server (it used to, from the jest
 * process, on every task enqueue: "MetadataLookupWarning ... 403").
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { adminToken, api } from "./support/api";
import { emulatorLog, testDeps } from "./support/stack";

const runLog = () => {
  const file = process.env.BACKFILL_OFFLINE_LOG;
  if (!file) throw new Error("BACKFILL_OFFLINE_LOG is not set: run the tests with `npm test` (tools/test.mjs)");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
};

test("positive control: a process of this run that dials out is refused before connecting, and recorded", async () => {
  const dir = mkdtempSync(join(tmpdir(), "offline-"));
  try {
    const log = join(dir, "offline.log");
    const script = `
      require("node:net").connect(443, "192.0.2.1").on("error", (e) => console.log("net:", e.code, e.message));
      fetch("http://metadata.google.internal./computeMetadata/v1/instance").catch((e) => console.log("fetch:", e.cause?.code));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { env: { ...process.env, BACKFILL_OFFLINE_LOG: log } });
    expect(stdout).toContain("net: ECONNREFUSED offline guard: connection to 192.0.2.1:443 refused");
    expect(stdout).toContain("fetch: ECONNREFUSED");
    const targets = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).to);
    expect(targets.sort()).toEqual(["192.0.2.1:443", "metadata.google.internal.:80"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the Admin SDK in the test process enqueues a task, and the functions verify a token, with no warning and no call off the machine", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  try {
    await testDeps().tasks.enqueueTick({ jobId: `offline-check-${Date.now()}`, tick: 0 }); // a job that does not exist: the tick is skipped
    const dryRun = await api("POST", "/", { token: await adminToken(), body: { kind: "recipe-difficulty", params: {}, dryRun: true } });
    expect(dryRun.status).toBe(200); // the functions' Admin SDK: token verified with revocation checked, Firestore counted
  } finally {
    process.off("warning", onWarning);
  }
  expect(warnings).toEqual([]);
});

test("no process of this run connected off the machine, and the emulators logged no MetadataLookupWarning", () => {
  expect(runLog()).toBe("");
  expect(emulatorLog()).not.toContain("MetadataLookupWarning");
});
