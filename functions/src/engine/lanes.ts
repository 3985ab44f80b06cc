/**
 * Lanes: when a job's rate limit cannot bind (no min delay, and at the full rate each of its
 * maxConcurrency slots still has at least laneIntervalMs per item, at most LANE_MAX_INTERVAL_MS),
 * the dispatcher hands a free slot a segment of listed items instead of one item, and the item task
 * that finishes one enqueues the next itself (`next` in its payload). A slot is then busy from one
 * item to the next without waiting for the dispatcher to see a checkpoint.
 * - The rate holds per lane: a lane step takes at least laneIntervalMs (a bounded wait in the task),
 *   so maxConcurrency lanes start at most requestsPerMinute items a minute.
 * - A lane step that finds its job not running, or held (a Retry-After, an open circuit), runs
 *   nothing: it hands its item and the rest of its segment back (`lanes/{id}`), and the dispatcher
 *   releases them again itself, paced.
 * - A lane step that fails for a retry is redelivered by the queue and chains then; a deferred one
 *   (open circuit) carries its segment along.
 */
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import type { RateLimits } from "./job-schema";
import type { JobWithId } from "./job-store";
import { lanesCol } from "./paths";
import { type ItemPayload, taskId } from "./task-queue";

/** The longest per-lane interval lanes are used for (and so the longest wait a lane step makes). */
export const LANE_MAX_INTERVAL_MS = 250;
/** Items handed to a lane at once, and their JSON size at most (a task body holds up to 100 KB). */
export const SEGMENT_ITEMS = 10;
export const SEGMENT_MAX_BYTES = 64_000;

export type LaneItem = NonNullable<ItemPayload["next"]>[number];

/** Each lane's share of the rate: the least time between two of its starts. */
export function laneIntervalMs(limits: RateLimits): number {
  return (limits.maxConcurrency * 60_000) / limits.requestsPerMinute;
}

export function usesLanes(limits: RateLimits): boolean {
  return limits.minDelayMs === 0 && laneIntervalMs(limits) <= LANE_MAX_INTERVAL_MS;
}

/** Takes a segment from the front of `queue`: up to `max` items within SEGMENT_MAX_BYTES (always at least one). */
export function cutSegment<T extends { key: string; item: unknown }>(queue: T[], max = SEGMENT_ITEMS): T[] {
  let bytes = 0;
  let take = 0;
  while (take < Math.min(max, queue.length)) {
    bytes += JSON.stringify(queue[take].item ?? null).length + queue[take].key.length;
    if (take > 0 && bytes > SEGMENT_MAX_BYTES) break;
    take += 1;
  }
  return queue.splice(0, take);
}

/** Is the job held (a Retry-After or an open circuit copied onto it) at `now`? */
export function isHeld(job: Pick<JobWithId, "throttledUntil">, now: number): boolean {
  return (job.throttledUntil?.toMillis() ?? 0) > now;
}

/** Rests out the lane's interval from `startedAt` (bounded by LANE_MAX_INTERVAL_MS). */
export async function laneRest(deps: EngineDeps, limits: RateLimits, startedAt: number): Promise<void> {
  const wait = Math.min(LANE_MAX_INTERVAL_MS, laneIntervalMs(limits) - (deps.clock.now() - startedAt));
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Enqueues the lane's next item with the rest of its segment. */
export async function chainLane(deps: EngineDeps, payload: ItemPayload): Promise<void> {
  const [head, ...rest] = payload.next ?? [];
  if (!head) return;
  await deps.tasks.enqueueItem({
    jobId: payload.jobId,
    itemKey: head.key,
    item: head.item,
    target: head.target,
    attempt: payload.attempt,
    lane: payload.lane,
    next: rest,
    ...(head.returns ? { returns: head.returns } : {}),
    releasedAt: deps.clock.now(),
  });
}

/** Hands this step's item and the rest of its segment back to the dispatcher. */
export async function returnLane(deps: EngineDeps, payload: ItemPayload, reason: string): Promise<void> {
  const items: LaneItem[] = [{ key: payload.itemKey, item: payload.item, target: payload.target, ...(payload.returns ? { returns: payload.returns } : {}) }, ...(payload.next ?? [])];
  const id = taskId("lane", payload.itemKey, payload.attempt, payload.release ?? 0, payload.returns ?? 0);
  await lanesCol(deps.db, payload.jobId).doc(id).set({ lane: payload.lane ?? null, items, reason, at: deps.clock.now() });
  log.info(messages.laneReturned(payload.jobId, payload.lane ?? null, items.length, reason), { jobId: payload.jobId, lane: payload.lane, items: items.length });
}
