/**
 * `portico/infra`: the app's AWS stack, built with the CDK from `describeApp(app)` alone, one
 * stack per deployed stage, synthesized offline.
 */
export { accessLogFields } from "./access-log.js";
export { AdminScopeError, ApiAuth, splitScope } from "./auth.js";
export { FilesBucket } from "./bucket.js";
export { type BundledRuntime, esbuildOptions, type FunctionBundling, functionBundling } from "./bundling.js";
export { DeployedOriginError, deployedOrigins } from "./cors-origins.js";
export { GithubDeployRole } from "./github-deploy-role.js";
export { acceptedFindings } from "./nag-suppressions.js";
export {
  deployedFunctionName,
  functionLogGroupName,
  type StackOutputKey,
  stackName,
  stackOutputs,
} from "./names.js";
export { PorticoStack, type PorticoStackProps, stageConfig, UnknownStageError } from "./stack.js";
export {
  assetFolder,
  type BundleSize,
  bundleSizes,
  NagFindingsError,
  type StageStackOptions,
  type SynthOptions,
  type SynthResult,
  stageStack,
  synthesize,
  synthesizeChecked,
} from "./synth.js";
export { AppTable } from "./table.js";
