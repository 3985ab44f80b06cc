// Merging the engine's block into an app's ruleset: inserted at the end of the app's
// `match /databases/{database}/documents { }`, or replacing the block already there (a second run
// changes nothing). And the app rules that would widen the block: rules are OR-ed, so an app's
// `allow` over a path the engine uses (a wildcard first segment such as /{document=**}, or one of
// the engine's collection names) grants access the block denies.
import { markedRegion } from "./block.mjs";
import { allowsIn, documentsMatch, lineOf, maskRules, matchesIn } from "./rules-text.mjs";

const indentOf = (text, pos) => /^[ \t]*/.exec(text.slice(text.lastIndexOf("\n", pos - 1) + 1))[0];
const indented = (block, indent) =>
  block
    .split("\n")
    .map((l) => (l ? indent + l : l))
    .join("\n");

/** The ruleset with the block in it; throws one line when the ruleset has no documents match. */
export function mergeRules(appText, block, label = "rules") {
  const masked = maskRules(appText);
  const docs = documentsMatch(masked);
  if (!docs || docs.close < 0) throw new Error(`${label}: no "match /databases/{database}/documents { ... }" to merge the block into`);
  const region = markedRegion(appText, label);
  if (region) {
    if (region.start < docs.open || region.end > docs.close)
      throw new Error(`${label}: the backfill-engine block is outside "match /databases/{database}/documents { }"`);
    return appText.slice(0, region.start) + indented(block, indentOf(appText, region.start)) + appText.slice(region.end);
  }
  const body = appText.slice(docs.open + 1, docs.close);
  const inner = /\n([ \t]+)\S/.exec(body)?.[1] ?? `${indentOf(appText, docs.start)}  `;
  const lineStart = appText.lastIndexOf("\n", docs.close - 1) + 1;
  const braceAlone = appText.slice(lineStart, docs.close).trim() === "";
  const at = braceAlone ? lineStart : docs.close;
  const before = appText.slice(0, at);
  const gap = braceAlone ? (before.endsWith("\n\n") || before.endsWith("{\n") ? "" : "\n") : "\n\n";
  const after = braceAlone ? "\n" : `\n${indentOf(appText, docs.start)}`;
  return before + gap + indented(block, inner) + after + appText.slice(at);
}

/**
 * One line per app rule outside the block that grants access over the engine's collections: a
 * top-level match (inside documents) whose first segment is a wildcard or an engine collection, with
 * an `allow` in it that is not `if false`.
 */
export function overlapProblems(appText, engineCollections, label = "rules") {
  const masked = maskRules(appText);
  const docs = documentsMatch(masked);
  if (!docs || docs.close < 0) return [];
  const region = markedRegion(appText, label);
  const problems = [];
  for (const m of matchesIn(masked, docs.open + 1, docs.close)) {
    if (region && m.start >= region.start && m.close <= region.end) continue;
    const first = m.path.split("/")[1] ?? "";
    if (!first.startsWith("{") && !engineCollections.includes(first)) continue;
    const grants = allowsIn(masked, m.open, m.close, appText).filter((a) => a.condition !== "false");
    if (!grants.length) continue;
    const opened = first.startsWith("{") ? engineCollections.join(", ") : first;
    problems.push(
      `${label}:${lineOf(appText, m.start)}: "match ${m.path}" has "${grants[0].text}", which also applies to the engine's ${opened} (rules are OR-ed): narrow it to the app's own collections, or run again with --force to accept it`,
    );
  }
  return problems;
}
