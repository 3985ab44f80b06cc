// The local stack's view of the root firebase.json (one source): the engine's functions codebase and
// the admin page's Hosting entry (target, public folder, rewrites and headers as deployed), with the
// emulators' origins added to the Content-Security-Policy's connect-src (locally the page talks to
// the Auth and Firestore emulators at http://127.0.0.1:<port> instead of the googleapis hosts).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const HOSTING_TARGET = "backfill-admin";
const CSP = "content-security-policy";

const readConfig = (root) => JSON.parse(readFileSync(join(root, "firebase.json"), "utf8"));

/** The functions entry whose source is `functions/`: { source, codebase, runtime }. */
export function engineFunctionsEntry(root) {
  const { functions } = readConfig(root);
  const entry = (Array.isArray(functions) ? functions : [functions]).find((f) => f?.source === "functions");
  if (!entry?.codebase) throw new Error('firebase.json has no functions entry with "source": "functions" and a "codebase"');
  return { source: entry.source, codebase: entry.codebase, runtime: entry.runtime };
}

/** The `hosting` entry of firebase.json with `target` HOSTING_TARGET; throws naming what is missing. */
export function adminHostingEntry(root) {
  const { hosting } = readConfig(root);
  const entries = Array.isArray(hosting) ? hosting : hosting ? [hosting] : [];
  const entry = entries.find((e) => e.target === HOSTING_TARGET);
  if (!entry) throw new Error(`firebase.json has no hosting entry with "target": "${HOSTING_TARGET}"`);
  return entry;
}

/** Adds origins to a policy's connect-src (creating the directive if the policy has none). */
export function withConnectOrigins(policy, origins) {
  const directives = policy
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const i = directives.findIndex((d) => d.split(/\s+/)[0] === "connect-src");
  if (i < 0) directives.push(["connect-src", "'self'", ...origins].join(" "));
  else directives[i] = [directives[i], ...origins].join(" ");
  return directives.join("; ");
}

/** The entry the hosting emulator serves: as deployed, with `emulatorOrigins` allowed in connect-src. */
export function emulatorHostingEntry(root, emulatorOrigins) {
  const { target, public: publicDir, rewrites, headers = [] } = adminHostingEntry(root);
  const local = headers.map((rule) => ({
    ...rule,
    headers: rule.headers.map((h) => (h.key.toLowerCase() === CSP ? { ...h, value: withConnectOrigins(h.value, emulatorOrigins) } : h)),
  }));
  return { target, public: publicDir, rewrites, headers: local };
}
