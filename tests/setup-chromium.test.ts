/**
 * npm install's Chromium step where apt is absent: it installs nothing, prints one line saying how
 * to point the browser tests at a browser, and exits 0 (so npm install succeeds). Runs
 * tools/setup/chromium.mjs in a child process with a PATH that has no apt-get and
 * BACKFILL_CHROMIUM at a missing file. Needs no emulators.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = join(__dirname, "../tools/setup/chromium.mjs");

test("no apt-get and no browser: one line with BACKFILL_CHROMIUM, exit 0", () => {
  const emptyBin = mkdtempSync(join(tmpdir(), "no-apt-"));
  try {
    const missing = join(emptyBin, "chrome-that-is-not-here");
    const run = spawnSync(process.execPath, [SCRIPT], { env: { PATH: emptyBin, HOME: emptyBin, BACKFILL_CHROMIUM: missing }, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      `No Chromium at ${missing} (apt-get is not on PATH): the browser tests (tests/page-*.test.ts) need one; ` +
        "install Chromium or Chrome and run them with BACKFILL_CHROMIUM=/path/to/chrome\n",
    );
  } finally {
    rmSync(emptyBin, { recursive: true, force: true });
  }
});

test("a browser at BACKFILL_CHROMIUM is used as it is: nothing installed", () => {
  const run = spawnSync(process.execPath, [SCRIPT], { env: { PATH: "", BACKFILL_CHROMIUM: process.execPath }, encoding: "utf8" });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(`Chromium for the browser tests: ${process.execPath}\n`);
});
