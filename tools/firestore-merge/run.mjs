// `npm run firestore:merge -- --rules APP/firestore.rules [--indexes APP/firestore.indexes.json] [--force]`
// Puts the engine's rules block (firestore/backfill.rules) inside the app's
// `match /databases/{database}/documents { }` (or replaces the block already there) and adds the
// engine's indexes and field overrides to the app's indexes file, keeping the app's. A second run
// changes nothing. Refuses (exit 1, nothing written) when an app rule grants access over the engine's
// collections (rules are OR-ed), unless --force; exit 2 on usage errors.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { blockCollections, readBlock } from "./block.mjs";
import { mergeIndexes } from "./merge-indexes.mjs";
import { mergeRules, overlapProblems } from "./merge-rules.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const say = (line) => console.log(`firestore:merge: ${line}`);
const fail = (line, code = 1) => {
  console.error(`firestore:merge: ${line}`);
  process.exit(code);
};

let values;
try {
  ({ values } = parseArgs({ options: { rules: { type: "string" }, indexes: { type: "string" }, force: { type: "boolean", default: false } } }));
} catch (error) {
  fail(`${error.message} (usage: --rules FILE [--indexes FILE] [--force])`, 2);
}
if (!values.rules && !values.indexes) fail("nothing to merge: pass --rules FILE and/or --indexes FILE", 2);
for (const file of [values.rules, values.indexes].filter(Boolean)) if (!existsSync(file)) fail(`${file} does not exist`, 2);

try {
  if (values.rules) mergeRulesFile(values.rules, values.force);
  if (values.indexes) mergeIndexesFile(values.indexes);
} catch (error) {
  fail(error.message);
}

function mergeRulesFile(file, force) {
  const block = readBlock(ROOT);
  const before = readFileSync(file, "utf8");
  const after = mergeRules(before, block, file);
  const overlaps = overlapProblems(after, blockCollections(block), file);
  for (const line of overlaps) console.error(`firestore:merge: ${line}`);
  if (overlaps.length && !force) fail(`${file} not changed`);
  if (after === before) return say(`${file}: the engine's block is already current`);
  writeFileSync(file, after);
  say(
    `${file}: the engine's block ${/\/\/ BEGIN backfill-engine/.test(before) ? "replaced" : "added"}${overlaps.length ? " (--force: the overlap above stays)" : ""}`,
  );
}

function mergeIndexesFile(file) {
  const engine = JSON.parse(readFileSync(resolve(ROOT, "firestore.indexes.json"), "utf8"));
  let app;
  try {
    app = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not JSON: ${error.message}`);
  }
  const { merged, addedIndexes, addedOverrides } = mergeIndexes(app, engine, file);
  if (!addedIndexes && !addedOverrides) return say(`${file}: already has every engine index and field override`);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  say(`${file}: added ${addedIndexes} index(es) and ${addedOverrides} field override(s); the app's are kept`);
}
