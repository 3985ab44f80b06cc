// deploy:check "rules": firestore.rules holds the current engine block (firestore/backfill.rules)
// exactly as `npm run firestore:merge` puts it, and the block opens nothing it should not: no
// catch-all, no client write other than `if false`, no rule of the standalone ruleset widening it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BLOCK_FILE, blockCollections, blockProblems, readBlock } from "../firestore-merge/block.mjs";
import { mergeRules, overlapProblems } from "../firestore-merge/merge-rules.mjs";

export const name = "rules";

export async function check(root) {
  let block;
  let rules;
  try {
    block = readBlock(root);
    rules = readFileSync(join(root, "firestore.rules"), "utf8");
  } catch (error) {
    return [error.code === "ENOENT" ? `${error.path.slice(root.length + 1)} is missing` : error.message];
  }
  const problems = blockProblems(block);
  try {
    if (mergeRules(rules, block, "firestore.rules") !== rules) {
      problems.push(`firestore.rules does not contain the current block of ${BLOCK_FILE} verbatim: run npm run firestore:merge -- --rules firestore.rules`);
    }
  } catch (error) {
    problems.push(error.message);
  }
  problems.push(...overlapProblems(rules, blockCollections(block), "firestore.rules"));
  return problems;
}
