/**
 * Parsing one export with csv-parse: BOM, quoted fields (commas, quotes, newlines inside), trailing
 * footer lines and blank lines. The result separates the header, the data rows and the footer, and
 * keeps every cell exactly as published (nothing trimmed).
 */
import { parse } from "csv-parse/sync";
import { type Footer, isFooterLine, parseFooter } from "./footer";

export interface ParsedCsv {
  header: string[];
  /** Data rows, each with as many cells as the header. */
  rows: string[][];
  footer: Footer | null;
  /** The footer line as published. */
  footerLine: string | null;
  /** Lines that are neither data nor the footer (wrong number of cells). */
  malformed: Array<{ line: number; cells: number }>;
}

export function parseCsv(body: string): ParsedCsv {
  const lines: string[][] = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  const [header = [], ...rest] = lines;
  const rows: string[][] = [];
  const malformed: ParsedCsv["malformed"] = [];
  let footer: Footer | null = null;
  let footerLine: string | null = null;
  rest.forEach((cells, index) => {
    const joined = cells.join(",");
    if (isFooterLine(joined)) {
      if (footerLine === null) {
        footer = parseFooter(joined);
        footerLine = joined.trim();
      }
      return;
    }
    if (cells.every((c) => c.trim() === "")) return;
    if (cells.length !== header.length) {
      malformed.push({ line: index + 2, cells: cells.length });
      return;
    }
    rows.push(cells);
  });
  return { header, rows, footer, footerLine, malformed };
}
