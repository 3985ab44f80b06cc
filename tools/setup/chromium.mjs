// Chromium for the page's browser tests (playwright-core drives it; no browser download).
// The browser is BACKFILL_CHROMIUM (default Debian's /usr/bin/chromium). When it is missing, Debian's
// `chromium` package is installed with apt-get (as root, or through passwordless sudo). Where that
// is not possible (no apt-get, no root or sudo, the install fails), one line says how to point the
// browser tests at an installed Chrome, and npm install goes on: only the browser tests need it.
// Run alone: `node tools/setup/chromium.mjs`.
import { execSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
export const chromiumPath = (env = process.env) => env.BACKFILL_CHROMIUM || DEFAULT_CHROMIUM;

/** The one line printed when no browser can be installed here. */
export const noChromiumMessage = (path, why) =>
  `No Chromium at ${path} (${why}): the browser tests (tests/page-*.test.ts) need one; install Chromium or Chrome and run them with BACKFILL_CHROMIUM=/path/to/chrome`;

function onPath(command, env) {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** How to run apt-get here ("" as root, "sudo -n " with passwordless sudo), or why not. */
function aptPrefix(env) {
  if (!onPath("apt-get", env)) return { why: "apt-get is not on PATH" };
  if (process.getuid?.() === 0) return { prefix: "" };
  try {
    execSync("sudo -n true", { stdio: "ignore", env });
    return { prefix: "sudo -n " };
  } catch {
    return { why: "not root and sudo -n is not allowed" };
  }
}

/** Returns the browser's path, or null (after printing noChromiumMessage) when there is none. */
export function ensureChromium(env = process.env) {
  const path = chromiumPath(env);
  if (existsSync(path)) return path;
  const apt = aptPrefix(env);
  if (apt.why) {
    console.log(noChromiumMessage(path, apt.why));
    return null;
  }
  const install = `${apt.prefix}apt-get install -y --no-install-recommends chromium`;
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    try {
      execSync(install, { stdio: "inherit", env: aptEnv });
    } catch {
      execSync(`${apt.prefix}apt-get update && ${install}`, { stdio: "inherit", shell: "/bin/bash", env: aptEnv });
    }
  } catch {
    console.log(noChromiumMessage(path, "apt-get could not install the chromium package"));
    return null;
  }
  if (existsSync(path)) return path;
  console.log(noChromiumMessage(path, `Debian's chromium package is at ${DEFAULT_CHROMIUM}, not there`));
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = ensureChromium();
  if (path) console.log(`Chromium for the browser tests: ${path}`);
}
