/**
 * Section `bundles`: every function's minified bundle, built as the stack builds it, its size and
 * the five inputs that take most of it (npm packages grouped as one, Portico's own modules by file),
 * against DESIGN.md's budget of 150 KB per function.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildFunctionBundles, type FunctionBundle } from "../support/function-bundles.js";
import type { Section } from "../support/section.js";

/** DESIGN.md, Budgets: a function's bundle, minified. */
export const bundleBudgetBytes = 150 * 1024;
const listedInputs = 5;

export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** An input's group: its npm package (`zod`, `@aws-lambda-powertools/logger`), else its own path. */
function inputGroup(path: string, root: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return inPackage?.[1] ?? relative(root, join(root, path));
}

/** The groups of a bundle's inputs, largest first, by bytes they take in the output. */
export function largestInputs(bundle: FunctionBundle, root: string): { group: string; bytes: number }[] {
  const groups = new Map<string, number>();
  for (const [path, input] of Object.entries(bundle.inputs)) {
    const group = inputGroup(path, root);
    groups.set(group, (groups.get(group) ?? 0) + input.bytesInOutput);
  }
  return [...groups]
    .map(([group, bytes]) => ({ group, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, listedInputs);
}

export const bundlesSection: Section = {
  name: "bundles",
  title: "Function bundles",
  async run({ log, root }) {
    const outdir = mkdtempSync(join(tmpdir(), "portico-bench-bundles-"));
    try {
      const bundles = await buildFunctionBundles({ outdir });
      const figures = bundles.map((bundle) => ({
        name: bundle.name,
        bytes: bundle.bytes,
        largestInputs: largestInputs(bundle, root),
        externalImports: bundle.externalImports,
      }));
      for (const figure of figures) log(`${figure.name}: ${kilobytes(figure.bytes)}`);
      const largest = figures.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      return {
        figures,
        table: {
          columns: ["function", "minified", `largest inputs (of ${listedInputs})`],
          rows: figures.map((figure) => [
            figure.name,
            kilobytes(figure.bytes),
            figure.largestInputs.map((input) => `${input.group} ${kilobytes(input.bytes)}`).join(", "),
          ]),
        },
        verdicts: [
          {
            subject: "largest bundle",
            budget: `≤ ${kilobytes(bundleBudgetBytes)}`,
            measured: `${kilobytes(largest.bytes)} (${largest.name})`,
            met: largest.bytes <= bundleBudgetBytes,
          },
        ],
        notes: [
          "Built as the stack builds them (src/infra/bundling.ts: ESM, minified, `@aws-sdk/*` left to Lambda's runtime). " +
            "Inputs are weighed by the bytes they take in the minified output; an npm package counts as one.",
        ],
      };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
