/**
 * What loading the seed files gave, and how the dev server says it: kept apart from the loader, so
 * `portico dev` prints it without loading the store before DynamoDB Local starts.
 */

/** The folder under the app folder that holds seed files (`app/seed/*.json`; format in seed.ts). */
export const seedFolder = "seed";

/** One seed item that was not written, and why. */
export interface SeedRejection {
  /** `seed/notes.json accounts[2]` */
  readonly where: string;
  readonly reason: string;
}

export interface SeedReport {
  /** Seed files found (none: no seed folder, or an empty one). */
  readonly files: readonly string[];
  readonly loaded: number;
  /** Items that exist already (an earlier start wrote them, or the API did). */
  readonly skipped: number;
  readonly rejected: readonly SeedRejection[];
}

/** The dev server's line about the seed: `3 items loaded, 2 already there (seed/notes.json)`. */
export function seedSummary(report: SeedReport): string[] {
  const lines = [
    `${report.loaded} item(s) loaded, ${report.skipped} already there (${report.files.join(", ")})`,
  ];
  for (const { where, reason } of report.rejected) lines.push(`  not loaded: ${where}: ${reason}`);
  return lines;
}
