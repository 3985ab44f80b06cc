/** Everything the engine's handlers need, passed in so tests call them without HTTP or globals. */
import type { Firestore } from "firebase-admin/firestore";
import type { Config } from "../config";
import type { KindRegistry } from "./registry";
import type { TaskQueue } from "./task-queue";

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface EngineDeps {
  db: Firestore;
  tasks: TaskQueue;
  kinds: KindRegistry;
  config: Config;
  clock: Clock;
}
