// Builds the Firestore emulator launcher jar: a manifest-only jar whose Main-Class is the official
// emulator's entry point and whose Class-Path names the jar this machine ships (it has no
// Main-Class of its own). firebase-tools starts it through FIRESTORE_EMULATOR_BINARY_PATH.
// Idempotent. Where the official jar is absent, returns null and firebase-tools downloads its own.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const OFFICIAL_JAR = "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar";
const DIR = resolve(import.meta.dirname, "../../.tmp/firestore-launcher");
const MANIFEST = `Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: file:${OFFICIAL_JAR}\n`;

export function ensureLauncherJar() {
  if (!existsSync(OFFICIAL_JAR)) return null;
  const jar = join(DIR, "launcher.jar");
  const manifest = join(DIR, "manifest.txt");
  if (existsSync(jar) && existsSync(manifest) && readFileSync(manifest, "utf8") === MANIFEST) return jar;
  mkdirSync(DIR, { recursive: true });
  writeFileSync(manifest, MANIFEST);
  execFileSync("jar", ["cfm", jar, manifest], { cwd: DIR });
  return jar;
}
