/** The README's district-data section prints the column table; it must be this file's table. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { COLUMNS } from "./columns";
import { REPORTS } from "./urls";

/** The table as the README shows it: one row per typed field, its accepted names, required or optional. */
export function columnsMarkdown(): string {
  const lines = ["| Export | Field | Accepted header names (first: today's) | Type | Required |", "| --- | --- | --- | --- | --- |"];
  for (const report of REPORTS) {
    for (const c of COLUMNS[report])
      lines.push(`| ${report} | \`${c.key}\` | ${c.names.map((n) => `"${n}"`).join(", ")} | ${c.type} | ${c.required ? "required (identity)" : "optional"} |`);
  }
  return lines.join("\n");
}

test("README.md's column table is the one in columns.ts", () => {
  const readme = readFileSync(resolve(__dirname, "../../../../README.md"), "utf8");
  const expected = columnsMarkdown();
  if (!readme.includes(expected)) process.stderr.write(`README.md should contain this column table:\n${expected}\n`);
  expect(readme.includes(expected)).toBe(true);
});
