/**
 * One part of `npm run bench` (bundles, cold init, warm handler work, cost, twin throughput,
 * start-up and memory). A section measures against a baseline it runs itself, in the same run, and
 * says which budget each figure is held to; `bench/run.ts` runs the sections one after another (so
 * none disturbs another's timings) and writes bench/results.json and the README's table.
 */

/** One budget or target of DESIGN.md / issue 11, and what this run measured against it. */
export interface Verdict {
  /** What is held to a budget, e.g. "largest bundle". */
  readonly subject: string;
  /** The budget in words, e.g. "≤ 150 KB". */
  readonly budget: string;
  /** The measured figure in words, e.g. "142 KB (users-get)". */
  readonly measured: string;
  readonly met: boolean;
}

/** A markdown table: the first row names the columns. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface SectionResult {
  /** The raw figures, for bench/results.json (plain JSON). */
  readonly figures: unknown;
  /** The section's table for the README. */
  readonly table: Table;
  readonly verdicts: readonly Verdict[];
  /** Lines printed under the table (how to read it, the baseline, published figures). */
  readonly notes?: readonly string[];
}

export interface Section {
  /** The name `npm run bench -- <name>` selects it by, and its key in bench/results.json. */
  readonly name: string;
  /** The README heading of its table. */
  readonly title: string;
  run(context: BenchContext): Promise<SectionResult>;
}

export interface BenchContext {
  /** Lines of progress, on stderr. */
  log(line: string): void;
  /** The project's root folder (holds package.json). */
  readonly root: string;
}
