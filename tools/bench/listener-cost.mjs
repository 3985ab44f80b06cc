// What a listener on the checkpoints costs the Firestore emulator (not part of `npm run bench`; run
// `node tools/bench/listener-cost.mjs [variant ...] [--n 4000]`, about a minute per variant, on the
// benchmark ports). Each variant writes N checkpoints the way item tasks do (a transaction that
// creates `{hash}-{key}` with a serverTimestamp `finishedAt`), 20 at a time, under one way of
// watching them, and prints the write latency every 500 checkpoints and the total time:
//   none   no listener
//   plain  `finishedAt > newest` ordered by it, replaced every 50 (the engine before the shards)
//   in2    the same behind `shard in [0, 1]` (the engine: checkpoint-id.ts CHECKPOINT_SHARDS = 2)
//   in10   the same behind ten shard values
//   token  one equality listener per 50 checkpoints, on a random token each checkpoint carries
//   poll   no listener: the in2 query read every 250 ms
// Figures from it are in BENCHMARKS.md ("Why two shards, not ten").
import { getApps, initializeApp } from "firebase-admin/app";
import { FieldValue, getFirestore } from "firebase-admin/firestore";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BENCH_PORTS, PROJECT_ID, ROOT, startStack } from "../stack/stack.mjs";

const args = process.argv.slice(2);
const nAt = args.indexOf("--n");
const N = nAt >= 0 ? Number(args.splice(nAt, 2)[1]) : 4000;
const VARIANTS = ["none", "plain", "in2", "in10", "token", "poll"];
const variants = args.length > 0 ? args : VARIANTS;
for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v} (one of ${VARIANTS.join(", ")})`);
const LISTENER_SPAN = 50;
const shardsOf = (variant) => Array.from({ length: variant === "in10" ? 10 : 2 }, (_, i) => i);

/** The dispatcher's way of following new checkpoints: a listener from the newest one, replaced every 50. */
function followNewest(col, shards) {
  let newest = null;
  let delivered = 0;
  const stops = [];
  const listen = () => {
    const base = shards ? col.where("shard", "in", shards) : col;
    const query = newest ? base.where("finishedAt", ">", newest).orderBy("finishedAt") : base.orderBy("finishedAt");
    return query.onSnapshot((snap) => {
      for (const change of snap.docChanges()) {
        if (change.type !== "added") continue;
        delivered += 1;
        const at = change.doc.get("finishedAt");
        if (!newest || at > newest) newest = at;
      }
      if (delivered >= LISTENER_SPAN) {
        delivered = 0;
        stops.push(listen());
        stops.shift()?.();
      }
    }, console.error);
  };
  stops.push(listen());
  return async () => stops.forEach((stop) => stop());
}

/** Reads the in2 query every 250 ms instead of listening. */
function poll(col, shards) {
  let newest = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const base = col.where("shard", "in", shards);
      const query = newest ? base.where("finishedAt", ">", newest).orderBy("finishedAt") : base.orderBy("finishedAt");
      for (const doc of (await query.limit(500).get()).docs) if (!newest || doc.get("finishedAt") > newest) newest = doc.get("finishedAt");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

async function run(db, variant) {
  const col = db.collection(`backfillJobs/listener-cost-${variant}-${Date.now()}/backfillCheckpoints`);
  const shards = shardsOf(variant);
  const tokens = new Map(); // window -> { token, got, stop }
  const tokenOf = (i) => {
    const window = Math.floor(i / LISTENER_SPAN);
    if (!tokens.has(window)) {
      const entry = { token: Math.random().toString(16).slice(2, 10), got: 0 };
      entry.stop = col.where("window", "==", entry.token).onSnapshot((snap) => {
        entry.got += snap.docChanges().filter((c) => c.type === "added").length;
        if (entry.got >= LISTENER_SPAN) entry.stop();
      }, console.error);
      tokens.set(window, entry);
    }
    return tokens.get(window).token;
  };
  const stop = {
    none: async () => undefined,
    plain: () => followNewest(col, null),
    in2: () => followNewest(col, shards),
    in10: () => followNewest(col, shards),
    token: async () => undefined,
    poll: () => poll(col, shards),
  }[variant];
  const stopWatching = await stop();
  const latencies = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < N) {
        const i = next++;
        const t = Date.now();
        const doc = {
          shard: i % shards.length,
          outcome: "succeeded",
          finishedAt: FieldValue.serverTimestamp(),
          ...(variant === "token" ? { window: tokenOf(i) } : {}),
        };
        const id = `${((i * 2654435761) >>> 0).toString(16).padStart(8, "0").slice(0, 4)}-k${i}`;
        // A transaction the emulator retries may find its own first attempt committed: ALREADY_EXISTS.
        await db
          .runTransaction(async (tx) => void tx.create(col.doc(id), doc))
          .catch((e) => {
            if (e.code !== 6) throw e;
          });
        latencies[i] = Date.now() - t;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await stopWatching?.();
  for (const { stop: s } of tokens.values()) s();
  for (let at = 0; at < N; at += 500) {
    const part = latencies.slice(at, at + 500).sort((a, b) => a - b);
    console.log(`${variant} writes ${at}-${at + part.length}: p50 ${part[part.length >> 1]} ms, p95 ${part[Math.floor(part.length * 0.95)]} ms`);
  }
  console.log(`${variant}: ${N} checkpoints in ${seconds} s`);
}

// A stack per variant: each starts from an empty emulator, as the figures in BENCHMARKS.md did.
mkdirSync(join(ROOT, ".stack/bench"), { recursive: true });
for (const variant of variants) {
  const stack = await startStack({ ports: BENCH_PORTS, logFile: join(ROOT, ".stack/bench/listener-cost.log") });
  try {
    Object.assign(process.env, stack.env);
    if (getApps().length === 0) initializeApp({ projectId: PROJECT_ID });
    await run(getFirestore(), variant);
  } finally {
    await stack.stop();
  }
}
process.exit(0);
