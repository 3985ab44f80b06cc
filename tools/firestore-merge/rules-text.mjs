// Just enough of the Firestore rules language to merge a block safely: comments and strings masked
// out (positions kept), braces matched, `match` statements and `allow` statements found.

/** The text with comments and string contents replaced by spaces (newlines kept), so positions match. */
export function maskRules(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    let end = i + 1;
    if (two === "//") end = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    else if (two === "/*") end = text.indexOf("*/", i + 2) < 0 ? text.length : text.indexOf("*/", i + 2) + 2;
    else if (text[i] === '"' || text[i] === "'") {
      end = i + 1;
      while (end < text.length && text[end] !== text[i] && text[end] !== "\n") end += text[end] === "\\" ? 2 : 1;
      out += text[i] + text.slice(i + 1, end).replace(/[^\n]/g, " ") + (text[end] ?? "");
      i = end + 1;
      continue;
    }
    out += end === i + 1 ? text[i] : text.slice(i, end).replace(/[^\n]/g, " ");
    i = end;
  }
  return out;
}

/** Index of the `}` closing the `{` at `open` in masked text, or -1. */
export function closingBrace(masked, open) {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === "{") depth++;
    else if (masked[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** 1-based line number of a position. */
export const lineOf = (text, pos) => text.slice(0, pos).split("\n").length;

/**
 * The `match` statements directly inside masked[from, to): { path, start, open, close } each, where
 * `open`/`close` are the body's braces. In a path, a `{` right after `/` opens a wildcard segment.
 */
export function matchesIn(masked, from, to) {
  const found = [];
  const re = /\bmatch\s+\//g;
  re.lastIndex = from;
  for (let m = re.exec(masked); m && m.index < to; m = re.exec(masked)) {
    let i = m.index + m[0].length - 1;
    let inWildcard = false;
    for (; i < to; i++) {
      const c = masked[i];
      if (c === "{" && masked[i - 1] === "/") inWildcard = true;
      else if (c === "}" && inWildcard) inWildcard = false;
      else if (c === "{") break;
    }
    const close = closingBrace(masked, i);
    if (close < 0 || close > to) throw new Error(`unbalanced braces after "match" on line ${lineOf(masked, m.index)}`);
    found.push({ path: masked.slice(m.index + m[0].length - 1, i).trim(), start: m.index, open: i, close });
    re.lastIndex = close + 1;
  }
  return found;
}

/** `allow` statements in masked[from, to): { methods, condition (null: none), text (from `original`), start }. */
export function allowsIn(masked, from, to, original = masked) {
  const found = [];
  const re = /\ballow\s+([a-z,\s]+?)\s*(?::\s*if\b([^;]*))?;/g;
  re.lastIndex = from;
  for (let m = re.exec(masked); m && m.index < to; m = re.exec(masked)) {
    found.push({
      methods: m[1].split(",").map((s) => s.trim()),
      condition: m[2] === undefined ? null : m[2].trim().replace(/\s+/g, " "),
      text: original.slice(m.index, m.index + m[0].length).replace(/\s+/g, " "),
      start: m.index,
    });
  }
  return found;
}

/** The `match /databases/{x}/documents { }` of a ruleset: its match record, or null. */
export function documentsMatch(masked) {
  const m = /\bmatch\s+\/databases\/\{\w+\}\/documents\s*\{/.exec(masked);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  return { start: m.index, open, close: closingBrace(masked, open) };
}
