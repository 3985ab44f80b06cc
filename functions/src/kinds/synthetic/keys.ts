/**
 * The synthetic kind's items, computed rather than read: item i covers records
 * [i * batchSize, min((i + 1) * batchSize, records)), keyed `s-{i, 9 digits}` so keys sort in order.
 */
export interface RecordRange {
  start: number;
  size: number;
}

const KEY = /^s-(\d{9})$/;

export function itemKey(index: number): string {
  return `s-${String(index).padStart(9, "0")}`;
}

export function itemCount(records: number, batchSize: number): number {
  return Math.ceil(records / batchSize);
}

/** Up to `limit` items after the item keyed `after` (null: from the first). */
export function pageAfter(
  records: number,
  batchSize: number,
  after: string | null,
  limit: number,
): { items: Array<{ key: string; range: RecordRange }>; done: boolean } {
  const total = itemCount(records, batchSize);
  const first = after === null ? 0 : indexOf(after) + 1;
  const items: Array<{ key: string; range: RecordRange }> = [];
  for (let i = first; i < Math.min(total, first + limit); i += 1) {
    const start = i * batchSize;
    items.push({ key: itemKey(i), range: { start, size: Math.min(batchSize, records - start) } });
  }
  return { items, done: first + items.length >= total };
}

function indexOf(key: string): number {
  const match = KEY.exec(key);
  if (!match) throw new Error(`Not a synthetic item key: ${key}`);
  return Number(match[1]);
}
