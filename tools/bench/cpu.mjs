// CPU time spent by the emulator processes, from /proc (Linux), for CPU-per-item figures:
//  - functions: the function workers (functionsEmulatorRuntime processes, live ones plus what the
//    emulator has reaped of exited ones: its cutime/cstime);
//  - platform: the compute emulator's own process (the tasks queue, the functions proxy);
//  - firestore: the data emulators' process tree (the Firestore JVM).
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid) {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = raw.slice(raw.lastIndexOf(")") + 2).split(" "); // fields from 3 (state) on
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return { pid: Number(pid), ppid: Number(rest[1]), self: Number(rest[11]) + Number(rest[12]), reaped: Number(rest[13]) + Number(rest[14]), cmd };
  } catch {
    return null; // gone between the listing and the read
  }
}

function processes() {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(stat)
    .filter(Boolean);
}

function tree(all, root) {
  const out = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const p of all) {
      if (p.ppid !== pid) continue;
      out.push(p);
      queue.push(p.pid);
    }
  }
  return out;
}

/** CPU ms so far: { functions, platform, firestore }. `pids`: the stack's { data, compute }. */
export function cpuNow(pids) {
  const all = processes();
  const compute = all.find((p) => p.pid === pids.compute);
  const computeTree = tree(all, pids.compute);
  const workers = computeTree.filter((p) => p.cmd.includes("functionsEmulatorRuntime"));
  const workerParents = new Set(workers.map((w) => w.ppid));
  const reapedWorkers = computeTree
    .concat(compute ?? [])
    .filter((p) => workerParents.has(p.pid))
    .reduce((s, p) => s + p.reaped, 0);
  const platform = computeTree
    .concat(compute ?? [])
    .filter((p) => !p.cmd.includes("functionsEmulatorRuntime"))
    .reduce((s, p) => s + p.self, 0);
  const firestore = tree(all, pids.data)
    .concat(all.find((p) => p.pid === pids.data) ?? [])
    .reduce((s, p) => s + p.self, 0);
  return {
    functions: (workers.reduce((s, p) => s + p.self, 0) + reapedWorkers) * TICK_MS,
    platform: platform * TICK_MS,
    firestore: firestore * TICK_MS,
  };
}

/** CPU ms per item between two cpuNow() readings. */
export function cpuPerItem(before, after, items) {
  const per = (k) => Math.round(((after[k] - before[k]) / items) * 100) / 100;
  return { functionsMs: per("functions"), platformMs: per("platform"), firestoreMs: per("firestore") };
}
