/**
 * How every function is bundled: the one source of esbuild's options, read by the stack (mapped onto
 * `NodejsFunction`'s `bundling` in `route-function.ts`) and by the bench (esbuild's JS API), so a
 * measured bundle is the deployed one. ESM, minified, no source maps, for the Lambda runtime's
 * Node.js, ES module entry points first, and the AWS SDK v3 left to the runtime's own copy. Plain
 * data, no CDK: the bench reads it without loading aws-cdk-lib.
 */
import type { BuildOptions } from "esbuild";
import type { FunctionDescription } from "../model/index.js";
import { ownConditions } from "../model/source-condition.js";

/** The runtime facts a bundle is built for. */
export type BundledRuntime = Pick<FunctionDescription["runtime"], "esbuildTarget">;

export interface FunctionBundling {
  readonly format: "esm";
  /** esbuild's `target`: the runtime's Node.js. */
  readonly target: string;
  readonly minify: true;
  readonly sourceMap: false;
  /** `package.json` fields a package's entry is resolved from: the ES module build first. */
  readonly mainFields: readonly string[];
  /** Lambda's Node.js runtimes carry the AWS SDK v3: bundles leave it out. */
  readonly externalModules: readonly string[];
  /**
   * esbuild's `conditions`, when not its default: from Portico's own sources, `portico/*` is
   * bundled from them too (`module` kept, which esbuild drops once conditions are given).
   */
  readonly conditions: readonly string[] | undefined;
}

/** The bundling of a function that runs on `runtime`. */
export function functionBundling(runtime: BundledRuntime): FunctionBundling {
  return {
    format: "esm",
    target: runtime.esbuildTarget,
    minify: true,
    sourceMap: false,
    mainFields: ["module", "main"],
    externalModules: ["@aws-sdk/*"],
    conditions: ownConditions.length === 0 ? undefined : [...ownConditions, "module"],
  };
}

/**
 * The same bundle through esbuild's JS API, as `NodejsFunction` runs esbuild (`--bundle
 * --platform=node` and the options above): `entry` to `outfile`, with its metafile.
 */
export function esbuildOptions(
  bundling: FunctionBundling,
  entry: string,
  outfile: string,
): BuildOptions & { readonly metafile: true } {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: bundling.format,
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    metafile: true,
    mainFields: [...bundling.mainFields],
    external: [...bundling.externalModules],
    ...(bundling.conditions === undefined ? {} : { conditions: [...bundling.conditions] }),
    logLevel: "warning",
  };
}
