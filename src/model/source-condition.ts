/**
 * Which copy of Portico is running: its TypeScript sources (in its own repository, where `app/`
 * imports `portico/model` by the package's own name) or the compiled `dist/` of an installed package.
 * Every `exports` entry of package.json names the sources under {@link sourceCondition} first, so the
 * repository's own resolvers (tsc, vitest, esbuild's function bundles, the local sandboxes) ask for
 * that condition, and an installed package, whose tarball carries no sources, is never asked for it.
 */

/** The export condition under which `portico/*` resolves to `src/**.ts` (package.json `exports`). */
export const sourceCondition = "portico-source";

/** True when this module is Portico's TypeScript source, not its compiled copy in `dist/`. */
export const runsFromSource: boolean = import.meta.url.endsWith(".ts");

/**
 * The extra conditions to resolve `portico/*` with so that a bundle or a sandbox loads the same copy
 * of Portico as this process: the sources' condition from the sources, none from `dist/`.
 */
export const ownConditions: readonly string[] = runsFromSource ? [sourceCondition] : [];
