// Builds the Firestore emulator launcher jar: one small class that starts the official emulator
// (Class-Path names the jar this machine ships, which has no Main-Class of its own) and adds
// `--functions_emulator <host:port>` from FIRESTORE_FUNCTIONS_EMULATOR. firebase-tools passes that
// flag only when Functions runs in its own process; without it Firestore delivers no trigger events.
// firebase-tools starts the launcher through FIRESTORE_EMULATOR_BINARY_PATH.
// Idempotent. Where the official jar is absent, returns null and firebase-tools downloads its own.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const OFFICIAL_JAR = "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar";
export const FUNCTIONS_ENV = "FIRESTORE_FUNCTIONS_EMULATOR";
const DIR = resolve(import.meta.dirname, "../../.tmp/firestore-launcher");
const MANIFEST = `Main-Class: backfill.FirestoreLauncher\nClass-Path: file:${OFFICIAL_JAR}\n`;
const SOURCE = `package backfill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class FirestoreLauncher {
  public static void main(String[] args) throws Exception {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    String functions = System.getenv("${FUNCTIONS_ENV}");
    boolean given = all.stream().anyMatch(a -> a.equals("--functions_emulator") || a.startsWith("--functions_emulator="));
    if (functions != null && !functions.isEmpty() && !given) {
      all.add("--functions_emulator");
      all.add(functions);
    }
    com.google.cloud.datastore.emulator.firestore.CloudFirestore.main(all.toArray(new String[0]));
  }
}
`;

export function ensureLauncherJar() {
  if (!existsSync(OFFICIAL_JAR)) return null;
  // Not the manifest-only jar's name (launcher.jar), which older checkouts rebuild in place.
  const jar = join(DIR, "firestore-launcher.jar");
  const stamp = join(DIR, "firestore-launcher.stamp"); // what the jar was built from
  if (existsSync(jar) && existsSync(stamp) && readFileSync(stamp, "utf8") === MANIFEST + SOURCE) return jar;
  rmSync(join(DIR, "classes"), { recursive: true, force: true });
  rmSync(jar, { force: true }); // a new file: a running emulator keeps reading the old one
  mkdirSync(join(DIR, "src/backfill"), { recursive: true });
  writeFileSync(join(DIR, "src/backfill/FirestoreLauncher.java"), SOURCE);
  writeFileSync(join(DIR, "manifest.txt"), MANIFEST);
  // -proc:none: the official jar lists annotation processors it does not contain.
  execFileSync("javac", ["--release", "17", "-proc:none", "-cp", OFFICIAL_JAR, "-d", "classes", "src/backfill/FirestoreLauncher.java"], { cwd: DIR });
  execFileSync("jar", ["cfm", jar, "manifest.txt", "-C", "classes", "."], { cwd: DIR });
  writeFileSync(stamp, MANIFEST + SOURCE);
  return jar;
}
