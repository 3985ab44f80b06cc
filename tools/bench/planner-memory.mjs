// Planner memory: the dispatcher's listing walks 1,000,000 synthetic items page by page from the
// saved cursor, exactly as a tick refills its queue (the engine's item source, the configured page
// size, the cursor = the last key of the page), in a child process of its own so that its RSS is the
// planner's alone. Items are listed, not released or processed (see BENCHMARKS.md for why).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export const PLANNED_ITEMS = 1_000_000;

export async function plannerMemoryBench(env) {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, "planner-child.mjs"), String(PLANNED_ITEMS)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split("\n").at(-1));
}
