// `npm run test:kinds`: every kind's contract test (functions/src/kinds/*/contract.test.ts, the kit in
// functions/src/testing/kind-contract.ts) against the Firestore emulator alone: no build, no
// functions or task queue, seconds instead of the full suite's minutes. Arguments name kind folders
// to run only theirs (`npm run test:kinds -- recipe-difficulty`). Stops the emulator it started, by PID.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startFirestoreOnly } from "./stack/stack.mjs";

const outDir = join(ROOT, ".stack/test-kinds");
mkdirSync(outDir, { recursive: true });
const firestore = await startFirestoreOnly({ logFile: join(outDir, "firestore.log") });
let jest;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    jest?.kill("SIGKILL");
    await firestore.stop();
    process.exit(130);
  });
}
let code = 1;
try {
  const folders = process.argv.slice(2).map((name) => name.replace(/[^a-z0-9-]/gi, ""));
  const args = ["--testPathPatterns", `functions/src/kinds/${folders.length ? `(${folders.join("|")})` : "[^/]+"}/contract\\.test\\.ts$`];
  code = await new Promise((resolve) => {
    jest = spawn(join(ROOT, "node_modules/.bin/jest"), args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...firestore.env } });
    jest.once("exit", (c) => resolve(c ?? 1));
  });
} finally {
  await firestore.stop();
}
process.exit(code);
