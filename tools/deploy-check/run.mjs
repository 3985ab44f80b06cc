// `npm run deploy:check`: what production would refuse, checked offline before a deploy.
// Each check is a module exporting `name` and `check(root)`, which resolves to a list of problems,
// one line each (empty when the check passes). Prints every problem on its own line and exits 1 if
// there is any. `--only a,b` runs some checks; `--root DIR` checks another copy of the project
// (the tests use it to prove each check fails on a broken copy).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as functions from "./functions.mjs";
import * as hosting from "./hosting.mjs";
import * as indexes from "./indexes.mjs";
import * as rules from "./rules.mjs";

const CHECKS = [indexes, rules, functions, hosting];

const { values } = parseArgs({ options: { only: { type: "string" }, root: { type: "string" } } });
const root = resolve(values.root ?? resolve(import.meta.dirname, "../.."));
const only = values.only ? new Set(values.only.split(",")) : null;
const unknown = only ? [...only].filter((n) => !CHECKS.some((c) => c.name === n)) : [];
if (unknown.length) {
  console.error(`deploy:check: unknown check ${unknown.join(", ")} (known: ${CHECKS.map((c) => c.name).join(", ")})`);
  process.exit(2);
}
let problems = 0;
for (const c of CHECKS.filter((c) => !only || only.has(c.name))) {
  const started = Date.now();
  const found = await c.check(root);
  problems += found.length;
  for (const line of found) console.log(`deploy:check ${c.name}: ${line}`);
  console.log(`deploy:check ${c.name}: ${found.length ? `${found.length} problem(s)` : "ok"} (${Date.now() - started} ms)`);
}
process.exit(problems ? 1 : 0);
