/**
 * How every function is bundled: the one source of esbuild's options, read by the stack (mapped onto
 * `NodejsFunction`'s `bundling` in `route-function.ts`) and by the bench (esbuild's JS API), so a
 * measured bundle is the deployed one. ESM, minified, no source maps, for the Lambda runtime's
 * Node.js, ES module entry points first, and the AWS SDK v3 left to the runtime's own copy. Plain
 * data, no CDK: the bench reads it without loading aws-cdk-lib.
 */
import type { BuildOptions } from "esbuild";
import type { FunctionDescription } from "../model/index.js";

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
    logLevel: "warning",
  };
}
