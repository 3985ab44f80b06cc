// A child process run to its end with its output captured (npm ci, the build).
import { spawn } from "node:child_process";

/** Resolves to { code, output } (stdout and stderr interleaved); never rejects on a non-zero exit. */
export function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * The environment of a fresh shell: this one without what `npm run` adds (npm_* variables, which
 * would carry the root workspace's settings into the copy) and without NODE_ENV (npm ci would then
 * leave out the devDependencies the build needs).
 */
export function freshShellEnv(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== "NODE_ENV"));
}
