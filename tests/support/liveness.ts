/**
 * The fault suite's liveness instruments: the compute half restarted behind a proxy that logs its
 * writes to job documents (and their throttle holds), a stand-in for Cloud Scheduler running the
 * recovery every minute with the real clock, and the timings each case prints.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { runRecovery } from "../../functions/src/engine/recovery";
import { computeControl, stackEnv, testDeps } from "./stack";

export interface LoggedWrite {
  name: string;
  at: number;
}

export interface WriteLogProxy {
  env: Record<string, string>;
  writes(): Promise<LoggedWrite[]>;
  stop(): void;
}

/** Starts the proxy and restarts the compute half through it, with `env` added. */
export async function computeBehindWriteLog(env: Record<string, string>): Promise<WriteLogProxy> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, "write-log-proxy.mjs"), stackEnv.firestoreHost, "^backfillJobs/[^/]+(/dispatcher/state|/holds/[^/]+)?$"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`write-log proxy exited: ${code}`)));
  });
  const { port, logPort } = JSON.parse(first) as { port: number; logPort: number };
  const fullEnv = { ...env, FIRESTORE_EMULATOR_HOST: `127.0.0.1:${port}` };
  await computeControl("kill");
  await computeControl("restart", fullEnv);
  return {
    env: fullEnv,
    writes: async () => (await (await fetch(`http://127.0.0.1:${logPort}/`)).json()) as LoggedWrite[],
    stop: () => void child.kill("SIGTERM"),
  };
}

/** Cloud Scheduler's stand-in: the recovery every minute, real clock, from now on. */
export function recoveryEveryMinute(): () => void {
  const run = () => void runRecovery(testDeps()).catch(() => undefined); // as the schedule would, the next run tries again
  const timer = setInterval(run, 60_000);
  return () => clearInterval(timer);
}

/** Prints a case's timings (jest's silent mode hides console output, not stderr). */
export function printTimings(name: string, figures: Record<string, number>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(", ");
  process.stderr.write(`[liveness] ${name}: ${text}\n`);
}
