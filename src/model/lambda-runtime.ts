/**
 * The Lambda runtime every function runs on (DESIGN.md, Versions): Node.js 24 on arm64, bundled for
 * `node24`. The stack's `runtime` and `architecture`, esbuild's target and the local twin's
 * `AWS_EXECUTION_ENV` all read it from here.
 */
export const lambdaRuntime = {
  /** Lambda's runtime identifier. */
  name: "nodejs24.x",
  architecture: "arm64",
  /** esbuild's `target` for the function bundles. */
  esbuildTarget: "node24",
} as const;

export type LambdaRuntime = typeof lambdaRuntime;
