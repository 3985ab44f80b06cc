/**
 * The dispatcher's side of lanes (../lanes.ts), as pure functions over its in-flight entries: which
 * slots are busy, handing a segment to a free lane, moving a lane's clock on as its items finish, and
 * taking back the items a lane handed back unrun.
 */
import type { DispatcherState } from "../job-schema";
import type { LaneItem } from "../lanes";
import type { ListedItem } from "../types";

export type InFlight = DispatcherState["inFlight"];
export type Entry = InFlight[string];

/** A listed item waiting in the dispatcher's queue; one handed back carries its entry's counts. */
export type Queued = ListedItem<unknown> & { after: string | null; returns?: number; releases?: number };

/** Busy slots: one per lane with an item out, one per item released on its own; handed-back items wait. */
export function busySlots(inFlight: InFlight): number {
  const lanes = new Set<number>();
  let single = 0;
  for (const entry of Object.values(inFlight)) {
    if (entry.returned) continue;
    if (entry.lane === undefined) single += 1;
    else lanes.add(entry.lane);
  }
  return lanes.size + single;
}

/** The lowest lane numbers not in use, `count` of them at most (of `lanes`). */
export function freeLanes(inFlight: InFlight, lanes: number, count: number): number[] {
  const used = new Set(Object.values(inFlight).flatMap((e) => (e.returned || e.lane === undefined ? [] : [e.lane])));
  const free: number[] = [];
  for (let lane = 0; lane < lanes && free.length < count; lane += 1) if (!used.has(lane)) free.push(lane);
  return free;
}

/** Records a segment handed to `lane`: every item in flight from now (the first runs at once). */
export function handOut(inFlight: InFlight, segment: Queued[], lane: number, attempt: number, now: number): void {
  for (const q of segment) {
    inFlight[q.key] = { after: q.after, target: q.target ?? null, attempt, releasedAt: now, releases: q.releases ?? 1, lane, ...(q.returns ? { returns: q.returns } : {}) };
  }
}

/** The segment's tail as the first item's payload carries it. */
export function nextOf(segment: Queued[]): LaneItem[] {
  return segment.slice(1).map((q) => ({ key: q.key, item: q.item, target: q.target ?? null, ...(q.returns ? { returns: q.returns } : {}) }));
}

/**
 * An item of `lane` finished: its successor was enqueued just now, so the successor's lost clock
 * starts now (not when the segment was handed out).
 */
export function laneMovedOn(inFlight: InFlight, lane: number, now: number): void {
  let next: string | null = null;
  for (const [key, entry] of Object.entries(inFlight)) {
    if (entry.lane === lane && !entry.returned && (next === null || key < next)) next = key;
  }
  if (next !== null) inFlight[next].releasedAt = now;
}

/**
 * Items a lane handed back (`lanes/{id}`): each still in flight under that hand-out is marked
 * returned (no slot, not lost) and queued again; `taken` holds the keys already queued this tick.
 * A new tick takes the ones an earlier tick marked. Returns them for the front of the queue, in key order.
 */
export function takeBack(inFlight: InFlight, lane: number | null, items: LaneItem[], taken: Set<string>): Queued[] {
  const back: Queued[] = [];
  for (const it of items) {
    const entry = inFlight[it.key];
    if (!entry || taken.has(it.key)) continue;
    const handedBackNow = entry.lane === lane && lane !== null && (entry.returns ?? 0) === (it.returns ?? 0);
    if (!handedBackNow && !entry.returned) continue;
    const { lane: _lane, ...rest } = entry;
    inFlight[it.key] = { ...rest, returned: true };
    taken.add(it.key);
    back.push({ key: it.key, item: it.item, target: it.target ?? undefined, after: entry.after ?? null, returns: (entry.returns ?? 0) + 1, releases: entry.releases });
  }
  return back.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
