import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownTable, mergeResults, readResults, type SectionRecord, writeResults } from "./report.js";

const record = (title: string, met: boolean): SectionRecord => ({
  title,
  measuredAt: "2026-12-02T05:00:00.000Z",
  seconds: 12,
  figures: { title },
  table: { columns: ["route", "ms"], rows: [["GET /a|b", 1.5]] },
  verdicts: [{ subject: `${title} figure`, budget: "≤ 1", measured: met ? "0.5" : "2", met }],
});

describe("bench results", () => {
  it("renders a markdown table, escaping the cells' pipes", () => {
    expect(markdownTable({ columns: ["a", "b"], rows: [["x|y", 2]] })).toBe(
      "| a | b |\n| --- | --- |\n| x\\|y | 2 |",
    );
  });

  it("keeps the sections not run this time, in the runner's order", () => {
    const first = mergeResults(undefined, ["one", "two"], { two: record("Two", true) });
    const second = mergeResults(first, ["one", "two"], { one: record("One", false) });
    expect(Object.keys(second.sections)).toEqual(["one", "two"]);
    expect(second.sections.two?.title).toBe("Two");
  });

  it("writes results.json, results.md and the README block, and replaces that block on the next run", () => {
    const root = mkdtempSync(join(tmpdir(), "portico-bench-report-"));
    mkdirSync(join(root, "bench"));
    writeFileSync(
      join(root, "README.md"),
      "# Title\n\n<!-- bench:results -->\nold\n<!-- /bench:results -->\n\n## After\n",
    );
    writeResults(root, mergeResults(undefined, ["one"], { one: record("One", false) }));
    writeResults(root, mergeResults(readResults(root), ["one"], { one: record("One", true) }));
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme.match(/bench:results/g)).toHaveLength(2);
    expect(readme).not.toContain("old");
    expect(readme).toContain("| ✅ | One figure | ≤ 1 | 0.5 |");
    expect(readme).toContain("## After");
    expect(readFileSync(join(root, "bench", "results.md"), "utf8")).toContain("#### One");
    expect(readResults(root)?.sections.one?.verdicts[0]?.met).toBe(true);
  });

  it("refuses a README without the block rather than losing the table", () => {
    const root = mkdtempSync(join(tmpdir(), "portico-bench-report-"));
    mkdirSync(join(root, "bench"));
    writeFileSync(join(root, "README.md"), "# Title\n");
    expect(() => writeResults(root, mergeResults(undefined, ["one"], { one: record("One", true) }))).toThrow(
      /bench:results/,
    );
  });
});
