/**
 * Parsing one export with csv-parse: BOM, quoted fields (commas, quotes, newlines inside), trailing
 * footer lines and blank lines. The result separates the header, the data records and the footer.
 */
import { parse } from "csv-parse/sync";
import { type Footer, isFooterLine, parseFooter } from "./footer";

export interface ParsedCsv {
  header: string[];
  records: Array<Record<string, string>>;
  footer: Footer | null;
  /** Lines that are neither data nor the footer (wrong number of cells). */
  malformed: Array<{ line: number; cells: number }>;
}

export function parseCsv(body: string): ParsedCsv {
  const rows: string[][] = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  const [header = [], ...rest] = rows;
  const trimmedHeader = header.map((h) => h.trim());
  const records: Array<Record<string, string>> = [];
  const malformed: ParsedCsv["malformed"] = [];
  let footer: Footer | null = null;
  rest.forEach((cells, index) => {
    const joined = cells.join(",");
    if (isFooterLine(joined)) {
      footer ??= parseFooter(joined);
      return;
    }
    if (cells.every((c) => c.trim() === "")) return;
    if (cells.length !== trimmedHeader.length) {
      malformed.push({ line: index + 2, cells: cells.length });
      return;
    }
    records.push(Object.fromEntries(trimmedHeader.map((h, i) => [h, cells[i]])));
  });
  return { header: trimmedHeader, records, footer, malformed };
}
