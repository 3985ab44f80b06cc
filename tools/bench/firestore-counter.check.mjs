// Check for firestore-counter.mjs (run by hand: `node tools/bench/firestore-counter.check.mjs`).
// Starts the machine's Firestore emulator on 127.0.0.1:28085, the counter in front of it, and a
// child process whose firebase-admin reaches Firestore through the counter only. The child runs
// steps (WriteBatch, transaction, BulkWriter, query, getAll, onSnapshot, count(), error paths);
// after each step the parent compares the counter's delta with what the step must have cost.
// Raw HTTP/2 calls cover the rest: a Commit sent one byte at a time (frame reassembly), an
// unreachable upstream (UNAVAILABLE), a Listen reset by the client (the upstream call must close)
// and a Listen whose emulator is killed (the client must get grpc-status 14, not hang).
// Exits 0 with a PASS line, 1 on any mismatch, error or timeout. Stops what it started.
import { spawn, fork } from "node:child_process";
import http2 from "node:http2";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";

const EMULATOR_PORT = 28085;
const PROJECT = "demo-counter";

// ------------------------------------------------------------------ parent: emulator + counter
async function parent() {
  const { ensureLauncherJar } = await import("../setup/launcher-jar.mjs");
  const { startFirestoreCounter } = await import("./firestore-counter.mjs");
  const failures = [];
  let emulator, counter, worker;
  const watchdog = setTimeout(() => {
    console.error("FAIL: timed out after 180 s");
    void cleanup().then(() => process.exit(1));
  }, 180_000);

  async function cleanup() {
    if (worker && worker.exitCode === null) worker.kill("SIGKILL");
    await counter?.close();
    if (emulator && emulator.exitCode === null && emulator.signalCode === null) {
      const gone = new Promise((r) => emulator.once("exit", r));
      emulator.kill("SIGTERM");
      if (!(await Promise.race([gone.then(() => true), sleep(8000).then(() => false)]))) emulator.kill("SIGKILL");
    }
  }

  try {
    if (await listening(EMULATOR_PORT)) throw new Error(`port ${EMULATOR_PORT} is already in use`);
    const launcher = ensureLauncherJar();
    if (!launcher) throw new Error("no official Firestore emulator jar on this machine");
    let log = "";
    emulator = spawn("java", ["-Duser.language=en", "-jar", launcher, "--host=127.0.0.1", `--port=${EMULATOR_PORT}`], { stdio: ["ignore", "pipe", "pipe"] });
    for (const s of [emulator.stdout, emulator.stderr]) s.on("data", (c) => (log = (log + c).slice(-4000)));
    await waitForEmulator(emulator, () => log);
    console.log(`emulator pid ${emulator.pid} on 127.0.0.1:${EMULATOR_PORT}`);

    counter = await startFirestoreCounter({ upstream: `127.0.0.1:${EMULATOR_PORT}` });
    console.log(`counter on 127.0.0.1:${counter.port}`);

    // Raw gRPC through the proxy: a Commit sent one byte per DATA frame (frame reassembly).
    counter.reset();
    const raw = await rawCall(counter.port, "Commit", commitRequest(["c5/r1", "c5/r2"]), { slow: true });
    expect(failures, "raw Commit in 1-byte chunks", { status: raw.status, writes: counter.counts().writes }, { status: "0", writes: { "c5/*": 2 } });

    // Upstream unreachable: the client gets UNAVAILABLE (trailers-only), not a hang.
    const dead = await startFirestoreCounter({ upstream: "127.0.0.1:1" });
    const deadCall = await rawCall(dead.port, "Commit", commitRequest(["c5/r3"]));
    await dead.close();
    expect(failures, "unreachable upstream", deadCall.status, "14");

    // The Admin SDK in a child process, one step at a time.
    counter.reset();
    const steps = expectations();
    let before;
    worker = fork(import.meta.filename, ["--child"], {
      env: { ...process.env, FIRESTORE_EMULATOR_HOST: `127.0.0.1:${counter.port}`, GCLOUD_PROJECT: PROJECT },
      stdio: "inherit",
    });
    const workerExit = new Promise((r) => worker.once("exit", (code) => r(code)));
    worker.on("message", async (m) => {
      if (m.type === "begin") before = counter.counts();
      else if (m.type === "inflight") return worker.send({ inflight: counter.inflight() });
      else if (m.type === "end") {
        const delta = diff(counter.counts(), before);
        console.log(`${m.name.padEnd(12)} ${JSON.stringify(delta)}  ${JSON.stringify(m.info)}`);
        const want = steps[m.name];
        if (!want) failures.push(`unknown step ${m.name}`);
        else {
          expect(failures, `${m.name} writes`, delta.writes, want.writes ?? {});
          expect(failures, `${m.name} reads`, delta.reads, want.reads ?? {});
          for (const [method, n] of Object.entries(want.rpcs ?? {})) expect(failures, `${m.name} rpcs.${method}`, delta.rpcs[method] ?? 0, n);
          for (const [key, value] of Object.entries(want.info ?? {})) expect(failures, `${m.name} ${key}`, m.info[key], value);
          want.seen = true;
        }
      } else if (m.type === "error") failures.push(`child step ${m.name}: ${m.message}`);
      worker.send({ ok: true });
    });
    const code = await workerExit;
    if (code !== 0) failures.push(`child exited ${code}`);
    for (const [name, want] of Object.entries(steps)) if (!want.seen) failures.push(`step ${name} did not run`);

    // Totals: every step's expectation summed.
    const total = { writes: {}, reads: {} };
    for (const want of Object.values(steps))
      for (const kind of ["writes", "reads"]) for (const [k, n] of Object.entries(want[kind] ?? {})) total[kind][k] = (total[kind][k] ?? 0) + n;
    const counts = counter.counts();
    console.log("counts():", JSON.stringify(counts, null, 2));
    expect(failures, "total writes", counts.writes, total.writes);
    expect(failures, "total reads", counts.reads, total.reads);
    expect(failures, "in-flight calls at the end", counter.inflight(), 0);

    // Raw Listen, cancelled by the client (RST_STREAM CANCEL): the upstream call must close too.
    const cancelled = rawListen(counter.port, "c2/a");
    expect(failures, "raw Listen first response", await cancelled.first, "ok");
    cancelled.req.close(http2.constants.NGHTTP2_CANCEL);
    expect(failures, "in-flight calls after a client RST", await settle(() => counter.inflight(), 0), 0);
    cancelled.session.close();

    // Raw Listen, then the emulator dies: the client's call ends with UNAVAILABLE instead of hanging.
    const orphan = rawListen(counter.port, "c2/b");
    expect(failures, "raw Listen first response (2)", await orphan.first, "ok");
    emulator.kill("SIGKILL");
    expect(failures, "raw Listen after the emulator died", await Promise.race([orphan.end, sleep(10_000).then(() => "hung")]), "14");
    orphan.session.close();
    expect(failures, "in-flight calls after the emulator died", await settle(() => counter.inflight(), 0), 0);
    console.log("raw Listen: client cancel closed the upstream call; a lost emulator ended the client call with grpc-status 14");
  } catch (error) {
    failures.push(error.stack ?? String(error));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
  if (failures.length) {
    console.error(`FAIL (${failures.length}):\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("PASS: firestore-counter forwards unary, server-streaming and bidi calls, errors and cancellation, and counts every step exactly");
  process.exit(0);
}

/** What each child step must cost (writes/reads exact, rpcs for the methods named) and report. */
function expectations() {
  return {
    batch: { writes: { "c1/*": 10 }, rpcs: { Commit: 1 } },
    transaction: { writes: { "c2/*": 3 }, reads: { "c2/*": 2 }, rpcs: { Commit: 1, Rollback: 0 }, info: { attempts: 1 } },
    bulkWriter: { writes: { "c3/*": 50 }, rpcs: { Commit: 0 } },
    query: { reads: { "c1/*": 10 }, rpcs: { RunQuery: 1 }, info: { size: 10 } },
    getAll: { reads: { "c2/*": 3 }, rpcs: { BatchGetDocuments: 1 }, info: { exists: [true, true, false] } },
    // The initial snapshot reads all 10 documents, then one read per new document (the unchanged
    // ones the emulator re-sends after each change land in `unbilled`).
    listen: { writes: { "c1/*": 5 }, reads: { "c1/*": 15 }, rpcs: { Listen: 1, Commit: 5 }, info: { first: 10, last: 15, inflightAfterUnsubscribe: 0 } },
    count: { reads: { aggregation: 1 }, rpcs: { RunAggregationQuery: 1 }, info: { count: 15 } },
    // Failed calls: a rejected Commit's write was still sent, so it is counted. (The SDK itself
    // re-sends the rejected RunQuery, so RunQuery is not pinned here.)
    errors: { writes: { "c1/*": 2 }, rpcs: { Commit: 2 }, info: { createExisting: 6, updateMissing: 5, badQuery: 3 } },
  };
}

// ------------------------------------------------------------------ child: the Admin SDK
async function child() {
  const { initializeApp } = await import("firebase-admin/app");
  const { getFirestore } = await import("firebase-admin/firestore");
  const db = getFirestore(initializeApp({ projectId: PROJECT }));
  const ask = (message) =>
    new Promise((resolve) => {
      process.once("message", resolve);
      process.send(message);
    });
  process.on("disconnect", () => process.exit(2)); // the parent is gone
  const step = async (name, body) => {
    await ask({ type: "begin", name });
    let info;
    try {
      info = await Promise.race([body(), sleep(30_000).then(() => Promise.reject(new Error("timed out after 30 s")))]);
    } catch (error) {
      await ask({ type: "error", name, message: error.stack ?? String(error) });
      info = { error: String(error.message) };
    }
    await ask({ type: "end", name, info: info ?? {} });
  };
  const c1 = db.collection("c1");
  const c2 = db.collection("c2");

  await step("batch", async () => {
    const batch = db.batch();
    for (let i = 0; i < 10; i++) batch.set(c1.doc(`d${i}`), { i, a: i % 3 });
    await batch.commit();
  });
  await step("transaction", async () => {
    let attempts = 0;
    await db.runTransaction(async (t) => {
      attempts++;
      const a = await t.get(c2.doc("a"));
      const b = await t.get(c2.doc("b"));
      t.set(c2.doc("a"), { seen: a.exists });
      t.set(c2.doc("b"), { seen: b.exists });
      t.set(c2.doc("c"), { n: 3 });
    });
    return { attempts };
  });
  await step("bulkWriter", async () => {
    const writer = db.bulkWriter();
    for (let i = 0; i < 50; i++) void writer.set(db.collection("c3").doc(`b${i}`), { i });
    await writer.close();
  });
  await step("query", async () => ({ size: (await c1.get()).size }));
  await step("getAll", async () => ({ exists: (await db.getAll(c2.doc("a"), c2.doc("b"), c2.doc("missing"))).map((s) => s.exists) }));
  await step("listen", async () => {
    const sizes = [];
    let unsubscribe;
    await new Promise((resolve, reject) => {
      unsubscribe = c1.onSnapshot((snap) => {
        sizes.push(snap.size);
        if (sizes.length === 1) Promise.all(Array.from({ length: 5 }, (_, i) => c1.doc(`e${i}`).set({ i }))).catch(reject);
        if (snap.size === 15) resolve();
      }, reject);
    });
    unsubscribe();
    // Cancelling the listener must close the Listen call upstream too.
    let inflight;
    for (let i = 0; i < 50 && (inflight = (await ask({ type: "inflight" })).inflight) !== 0; i++) await sleep(100);
    return { first: sizes[0], last: sizes.at(-1), snapshots: sizes.length, inflightAfterUnsubscribe: inflight };
  });
  await step("count", async () => ({ count: (await c1.count().get()).data().count }));
  await step("errors", async () => {
    const code = (promise) =>
      promise.then(
        () => "no error",
        (error) => error.code,
      );
    return {
      createExisting: await code(c1.doc("d0").create({ again: true })), // ALREADY_EXISTS from Commit
      updateMissing: await code(c1.doc("nope").update({ x: 1 })), // NOT_FOUND from Commit
      badQuery: await code(
        c1
          .where(
            "a",
            "in",
            Array.from({ length: 31 }, (_, i) => i),
          )
          .get(),
      ), // INVALID_ARGUMENT from RunQuery
    };
  });
  await db.terminate();
  process.exit(0);
}

// ------------------------------------------------------------------ helpers
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function waitForEmulator(proc, log) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`emulator exited ${proc.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${EMULATOR_PORT}/`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`emulator not ready after 60 s:\n${log()}`);
}

/** Polls fn() for up to 5 s until it returns `want`; returns the last value. */
async function settle(fn, want) {
  let value;
  for (let i = 0; i < 50 && (value = fn()) !== want; i++) await sleep(100);
  return value;
}

function diff(now, before) {
  const out = {};
  for (const kind of ["writes", "reads", "rpcs", "unbilled"]) {
    out[kind] = {};
    for (const [k, n] of Object.entries(now[kind])) if (n - (before[kind][k] ?? 0)) out[kind][k] = n - (before[kind][k] ?? 0);
  }
  return out;
}

function expect(failures, label, actual, wanted) {
  if (!isDeepStrictEqual(actual, wanted)) failures.push(`${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

// Minimal protobuf encoding for a CommitRequest { database = 1, writes = 2 { update = 1 { name = 1 } } }.
const bytesField = (n, payload) => Buffer.concat([Buffer.from([(n << 3) | 2]), varint(payload.length), payload]);
function varint(v) {
  const out = [];
  for (; v >= 0x80; v = Math.floor(v / 128)) out.push((v & 0x7f) | 0x80);
  return Buffer.from([...out, v]);
}
function commitRequest(paths) {
  const database = `projects/${PROJECT}/databases/(default)`;
  const writes = paths.map((p) => bytesField(2, bytesField(1, bytesField(1, Buffer.from(`${database}/documents/${p}`)))));
  return Buffer.concat([bytesField(1, Buffer.from(database)), ...writes]);
}

const grpcFrame = (message) => {
  const frame = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), message]);
  frame.writeUInt32BE(message.length, 1);
  return frame;
};

/** A raw Listen bidi call watching one document: `first` resolves at the first response, `end` with the grpc-status. */
function rawListen(port, path) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => {});
  const database = `projects/${PROJECT}/databases/(default)`;
  // ListenRequest { database = 1, add_target = 2 { documents = 3 { documents = 2 }, target_id = 5 } }
  const target = Buffer.concat([bytesField(3, bytesField(2, Buffer.from(`${database}/documents/${path}`))), Buffer.from([5 << 3, 1])]);
  // Without google-cloud-resource-prefix the emulator rejects a Listen (grpc-status 2).
  const req = session.request({
    ":method": "POST",
    ":path": "/google.firestore.v1.Firestore/Listen",
    "content-type": "application/grpc",
    te: "trailers",
    authorization: "Bearer owner",
    "google-cloud-resource-prefix": database,
  });
  req.on("error", () => {});
  req.write(grpcFrame(Buffer.concat([bytesField(1, Buffer.from(database)), bytesField(2, target)])));
  const first = new Promise((resolve) => {
    req.once("data", () => resolve("ok"));
    req.once("response", (h) => h["grpc-status"] && resolve(`trailers-only grpc-status ${h["grpc-status"]}`));
    req.once("close", () => resolve(`closed before a response (rst ${req.rstCode})`));
  });
  const end = new Promise((resolve) => {
    let status;
    req.on("response", (h) => (status = h["grpc-status"] ?? status));
    req.on("trailers", (t) => resolve(t["grpc-status"])); // the call is over (as grpc-js sees it)
    req.on("close", () => resolve(status ?? `rst ${req.rstCode}`));
  });
  return { session, req, first, end };
}

/** One unary gRPC call over a fresh HTTP/2 connection; `slow` writes the frame one byte at a time. */
async function rawCall(port, method, message, { slow = false } = {}) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => {});
  try {
    const frame = grpcFrame(message);
    const req = session.request({
      ":method": "POST",
      ":path": `/google.firestore.v1.Firestore/${method}`,
      "content-type": "application/grpc",
      te: "trailers",
      authorization: "Bearer owner",
    });
    const done = new Promise((resolve) => {
      let status;
      req.on("response", (h) => (status = h["grpc-status"]));
      req.on("trailers", (t) => (status = t["grpc-status"]));
      req.on("error", (error) => resolve({ status: `${error.code} rst=${req.rstCode}` }));
      req.on("close", () => resolve({ status }));
      req.resume();
    });
    if (slow) {
      for (const byte of frame) {
        req.write(Buffer.from([byte]));
        await sleep(1);
      }
      req.end();
    } else req.end(frame);
    return await Promise.race([done, sleep(20_000).then(() => ({ status: "timeout" }))]);
  } finally {
    session.close();
  }
}

if (process.argv[2] === "--child") await child();
else await parent();
