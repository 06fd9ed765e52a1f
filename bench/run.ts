/**
 * `npm run bench [-- <section> …]`: every section of issue 11, one after another so none disturbs
 * another's timings, each against a baseline measured in the same run. Writes bench/results.json,
 * bench/results.md and the README's table. Budgets are reported, never asserted: the exit code is 0
 * unless a section fails to run.
 */
import { fileURLToPath } from "node:url";
import { bundlesSection } from "./sections/bundles.js";
import { coldInitSection } from "./sections/cold-init.js";
import { costSection } from "./sections/cost.js";
import { startupSection } from "./sections/startup.js";
import { twinSection } from "./sections/twin.js";
import { warmSection } from "./sections/warm.js";
import { mergeResults, readResults, type SectionRecord, writeResults } from "./support/report.js";
import type { Section } from "./support/section.js";

/** In README order. */
const sections: readonly Section[] = [
  bundlesSection,
  coldInitSection,
  warmSection,
  costSection,
  twinSection,
  startupSection,
];

const root = fileURLToPath(new URL("..", import.meta.url));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown section ${unknown.join(", ")}: choose from ${sections.map((section) => section.name).join(", ")}.`,
  );
  process.exit(2);
}
const chosen = wanted.length === 0 ? sections : sections.filter((section) => wanted.includes(section.name));
const log = (line: string) => console.error(line);
const fresh: Record<string, SectionRecord> = {};
const started = performance.now();
for (const section of chosen) {
  log(`bench: ${section.title}`);
  const sectionStarted = performance.now();
  const result = await section.run({ log: (line) => log(`  ${line}`), root });
  fresh[section.name] = {
    ...result,
    title: section.title,
    measuredAt: new Date().toISOString(),
    seconds: (performance.now() - sectionStarted) / 1000,
  };
  for (const verdict of result.verdicts)
    log(`  ${verdict.met ? "meets" : "MISSES"} ${verdict.subject} ${verdict.budget}: ${verdict.measured}`);
}
const results = mergeResults(
  readResults(root),
  sections.map((section) => section.name),
  fresh,
);
writeResults(root, results);
log(
  `bench: done in ${Math.round((performance.now() - started) / 1000)} s; bench/results.json and the README's table are written`,
);
