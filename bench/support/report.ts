/**
 * bench/results.json and its markdown: one summary of every budget (met or not), then each
 * section's table. Running some sections only (`npm run bench -- twin`) replaces those and keeps
 * the others' last results. The README shows the markdown between its two bench markers.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { SectionResult, Table } from "./section.js";

export interface SectionRecord extends SectionResult {
  readonly title: string;
  readonly measuredAt: string;
  /** Wall time of the section, seconds. */
  readonly seconds: number;
}

export interface Results {
  readonly machine: { readonly node: string; readonly cpus: number; readonly cpuModel: string };
  readonly sections: Readonly<Record<string, SectionRecord>>;
}

export const resultsFile = (root: string): string => join(root, "bench", "results.json");
export const markdownFile = (root: string): string => join(root, "bench", "results.md");
const readmeStart = "<!-- bench:results -->";
const readmeEnd = "<!-- /bench:results -->";

export function readResults(root: string): Results | undefined {
  const file = resultsFile(root);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Results) : undefined;
}

export function mergeResults(
  previous: Results | undefined,
  order: readonly string[],
  fresh: Readonly<Record<string, SectionRecord>>,
): Results {
  const merged = { ...previous?.sections, ...fresh };
  const sections = Object.fromEntries(
    order.filter((name) => merged[name] !== undefined).map((name) => [name, merged[name] as SectionRecord]),
  );
  return {
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown" },
    sections,
  };
}

const cell = (value: string | number): string => String(value).replaceAll("|", "\\|").replaceAll("\n", " ");

export function markdownTable(table: Table): string {
  const line = (values: readonly (string | number)[]) => `| ${values.map(cell).join(" | ")} |`;
  return [line(table.columns), line(table.columns.map(() => "---")), ...table.rows.map(line)].join("\n");
}

export function renderMarkdown(results: Results): string {
  const sections = Object.values(results.sections);
  const summary = markdownTable({
    columns: ["", "budget or target", "limit", "measured"],
    rows: sections.flatMap((section) =>
      section.verdicts.map((verdict) => [
        verdict.met ? "✅" : "❌",
        verdict.subject,
        verdict.budget,
        verdict.measured,
      ]),
    ),
  });
  const { machine } = results;
  const parts = [
    `Measured by \`npm run bench\` on ${machine.cpus} × ${machine.cpuModel}, Node.js ${machine.node}.`,
    summary,
    ...sections.map((section) =>
      [
        `#### ${section.title}`,
        markdownTable(section.table),
        ...(section.notes ?? []).map((note) => `- ${note}`),
        // A section that reads figures another one measured takes no time of its own.
        `<sub>measured ${section.measuredAt.slice(0, 10)}${section.seconds >= 1 ? `, ${Math.round(section.seconds)} s` : ""}</sub>`,
      ].join("\n\n"),
    ),
  ];
  return `${parts.join("\n\n")}\n`;
}

export function writeResults(root: string, results: Results): void {
  writeFileSync(resultsFile(root), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(markdownFile(root), markdown);
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(readmeStart);
  const end = readme.indexOf(readmeEnd);
  if (start === -1 || end < start) throw new Error(`README.md has no ${readmeStart} … ${readmeEnd} block`);
  writeFileSync(
    readmePath,
    `${readme.slice(0, start + readmeStart.length)}\n${markdown}${readme.slice(end)}`,
  );
}
