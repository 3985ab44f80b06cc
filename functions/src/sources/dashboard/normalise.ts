/**
 * Reading an export whatever its program year called the columns: the header is matched against
 * the column table (columns.ts), each row becomes a typed row (missing optional columns are null),
 * the export is kept as published (the raw record), and what differed from today's columns is the
 * export's column drift.
 */
import { CELLS, type Column, COLUMNS, headerKey } from "./columns";
import type { Report } from "./urls";

export type Row = Record<string, string | number | null>;

/** The export as published: its header line, every data row's cells in order, and its footer line. */
export interface RawExport {
  header: string[];
  rows: Array<{ cells: string[] }>;
  footer: string | null;
}

/** How an export's header differed from today's columns. */
export interface ColumnDrift {
  /** Today's names of typed columns the export lacks (their fields are null). */
  missing: string[];
  /** Headers the table does not know (kept in the raw record only). */
  unknown: string[];
  /** Typed columns read under an older or alternative name. */
  aliases: Array<{ column: string; header: string }>;
}

export interface HeaderMap {
  report: Report;
  slots: Array<{ column: Column; index: number | null }>;
  drift: ColumnDrift;
}

export const hasDrift = (d: ColumnDrift): boolean => d.missing.length + d.unknown.length + d.aliases.length > 0;

/** Maps an export's header onto the table; fails only for identity columns it lacks. */
export function mapHeader(report: Report, header: readonly string[]): { ok: true; map: HeaderMap } | { ok: false; missing: Column[] } {
  const firstIndex = new Map<string, number>();
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (!firstIndex.has(key)) firstIndex.set(key, i);
  });
  const used = new Set<number>();
  const slots = COLUMNS[report].map((column) => {
    for (const name of column.names) {
      const index = firstIndex.get(headerKey(name));
      if (index !== undefined && !used.has(index)) {
        used.add(index);
        return { column, index };
      }
    }
    return { column, index: null };
  });
  const missingIdentity = slots.filter((s) => s.index === null && s.column.required).map((s) => s.column);
  if (missingIdentity.length > 0) return { ok: false, missing: missingIdentity };
  const drift: ColumnDrift = {
    missing: slots.filter((s) => s.index === null).map((s) => s.column.names[0]),
    unknown: header.filter((_, i) => !used.has(i)),
    aliases: slots.flatMap((s) =>
      s.index !== null && headerKey(header[s.index]) !== headerKey(s.column.names[0]) ? [{ column: s.column.names[0], header: header[s.index] }] : [],
    ),
  };
  return { ok: true, map: { report, slots, drift } };
}

/** One data row's cells as a typed row; the error names the column as the export calls it. */
export function typedRow(map: HeaderMap, header: readonly string[], cells: readonly string[]): { ok: true; row: Row } | { ok: false; error: string } {
  const row: Row = {};
  for (const { column, index } of map.slots) {
    if (index === null) {
      row[column.key] = null;
      continue;
    }
    const parsed = CELLS[column.type].safeParse(cells[index] ?? "");
    if (!parsed.success)
      return { ok: false, error: `column "${header[index]}": ${parsed.error.issues[0]?.message ?? "invalid"} (${JSON.stringify(cells[index])})` };
    row[column.key] = parsed.data;
  }
  return { ok: true, row };
}

/** A raw record as header -> cell pairs, in the export's order (duplicate headers kept). */
export function rawRecord(raw: RawExport, index: number): Array<[string, string]> {
  return raw.header.map((h, i) => [h, raw.rows[index]?.cells[i] ?? ""]);
}
