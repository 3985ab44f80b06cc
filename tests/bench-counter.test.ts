/**
 * The benchmarks' measuring instrument: the gRPC proxy that counts the engine's Firestore writes
 * and reads (tools/bench/firestore-counter.mjs), checked against a Firestore emulator of its own
 * (port 28085) by its check script: every step's counted writes and reads must be exact.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

test("the Firestore operation counter counts exactly and passes every call through", async () => {
  const script = join(__dirname, "../tools/bench/firestore-counter.check.mjs");
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 200_000, maxBuffer: 4 << 20 });
  expect(stdout).toMatch(/^PASS/m);
}, 240_000);
