// Preloaded into every Node process of a test run (NODE_OPTIONS=--require, set by tools/test.mjs):
// the firebase-tools CLIs, the functions' workers, jest and the scripts tests spawn. Any TCP
// connection to a host that is not loopback is refused before it is made (before DNS too) and
// recorded as one JSON line in BACKFILL_OFFLINE_LOG (which tests/offline.test.ts reads) and one
// line on stderr: tests make no network request outside this machine. (The Firestore emulator's
// JVM is not covered.)
"use strict";
const net = require("node:net");
const { appendFileSync } = require("node:fs");

const LOG = process.env.BACKFILL_OFFLINE_LOG;

function isLoopback(host) {
  if (host === undefined || host === null || host === "") return true; // net's default is localhost
  const h = String(host)
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || h === "0.0.0.0" || /^127\./.test(h) || /^::ffff:127\./.test(h);
}

/** The (host, port) a Socket#connect call targets, or null for an IPC path (a unix socket). */
function target(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net's internal normalized [options, cb]
  if (first && typeof first === "object") return first.path ? null : { host: first.host, port: first.port };
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first)))
    return { host: typeof args[1] === "string" ? args[1] : undefined, port: first };
  return null;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const to = target(args);
  if (!to || isLoopback(to.host)) return connect.apply(this, args);
  const where = `${to.host}:${to.port}`;
  if (LOG) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    const stack = (new Error().stack ?? "")
      .split("\n")
      .slice(2)
      .map((l) => l.trim());
    Error.stackTraceLimit = limit;
    appendFileSync(LOG, `${JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 3), to: where, stack })}\n`);
  }
  const error = Object.assign(new Error(`offline guard: connection to ${where} refused (nothing may leave this machine)`), { code: "ECONNREFUSED" });
  process.stderr.write(`${error.message} [pid ${process.pid} ${process.argv.slice(1, 2).join(" ")}]\n`);
  process.nextTick(() => this.destroy(error));
  return this;
};
