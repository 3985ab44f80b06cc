// The engine's rules block (firestore/backfill.rules, between the BEGIN/END backfill-engine markers):
// reading it, and what it must never contain.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allowsIn, lineOf, maskRules, matchesIn } from "./rules-text.mjs";

export const BLOCK_FILE = "firestore/backfill.rules";
export const BEGIN = /^[ \t]*\/\/ BEGIN backfill-engine\b.*$/gm;
export const END = /^[ \t]*\/\/ END backfill-engine\b.*$/gm;
const WRITES = new Set(["write", "create", "update", "delete"]);

/** The marked region of a text: { start, end } (end after the END line, before its newline), or null; throws when unbalanced. */
export function markedRegion(text, label) {
  const begins = [...text.matchAll(BEGIN)];
  const ends = [...text.matchAll(END)];
  if (begins.length === 0 && ends.length === 0) return null;
  if (begins.length !== 1 || ends.length !== 1 || ends[0].index < begins[0].index) {
    throw new Error(
      `${label}: expected one "// BEGIN backfill-engine" line followed by one "// END backfill-engine" line, found ${begins.length} and ${ends.length}`,
    );
  }
  return { start: begins[0].index, end: ends[0].index + ends[0][0].length };
}

/** The block's lines from BEGIN to END, unindented. */
export function readBlock(root) {
  const text = readFileSync(join(root, BLOCK_FILE), "utf8");
  const region = markedRegion(text, BLOCK_FILE);
  if (!region) throw new Error(`${BLOCK_FILE}: no "// BEGIN backfill-engine" ... "// END backfill-engine" block`);
  const lines = text
    .slice(region.start, region.end)
    .split("\n")
    .map((l) => l.trimEnd());
  const indent = Math.min(...lines.filter(Boolean).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** The top-level collections the block names (the first segment of each top-level match). */
export function blockCollections(block) {
  const masked = maskRules(block);
  return matchesIn(masked, 0, masked.length).map((m) => m.path.split("/")[1]);
}

/** One line per rule the block must not have: a catch-all, or a client write not `if false`. */
export function blockProblems(block) {
  const masked = maskRules(block);
  const problems = [];
  for (const m of masked.matchAll(/\bmatch\s+(\/\S*=\*\*\}\S*)/g)) {
    problems.push(`${BLOCK_FILE} block line ${lineOf(block, m.index)}: catch-all "match ${m[1]}" (the block may only name the engine's collections)`);
  }
  for (const allow of allowsIn(masked, 0, masked.length, block)) {
    const writes = allow.methods.filter((method) => WRITES.has(method));
    if (writes.length && allow.condition !== "false") {
      problems.push(
        `${BLOCK_FILE} block line ${lineOf(block, allow.start)}: "${allow.text}" lets clients ${writes.join("/")} (only "if false" is allowed for writes)`,
      );
    }
  }
  return problems;
}
