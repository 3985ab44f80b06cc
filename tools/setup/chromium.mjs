// Debian's Chromium for the page's browser tests (playwright-core drives it; no browser download).
// Idempotent: installs the `chromium` package only when /usr/bin/chromium is missing.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const sudo = process.getuid?.() === 0 ? "" : "sudo -n ";
  const install = `${sudo}apt-get install -y --no-install-recommends chromium`;
  try {
    execSync(install, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } catch {
    execSync(`${sudo}apt-get update && ${install}`, { stdio: "inherit", shell: "/bin/bash", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM} after installing the Debian package`);
  return CHROMIUM;
}
