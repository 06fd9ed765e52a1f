/**
 * `portico deploy|diff|destroy --stage <stage>`: checks for AWS credentials first (one line and
 * exit 1 without them, before the slow synth), synthesizes the stage into `cdk.out/<stage>`, then
 * hands that assembly to the CDK's own CLI and exits with its code.
 */
import { join, resolve } from "node:path";
import type { SynthOptions, SynthResult } from "../../infra/synth.js";
import { type App, describeApp } from "../../model/index.js";
import {
  type ApprovalLevel,
  approvalLevels,
  type CdkAction,
  type CdkRunner,
  cdkArguments,
  runCdk,
} from "../aws/cdk-cli.js";
import { checkAwsCredentials } from "../aws/credentials.js";
import { ApprovalFlagError } from "../errors.js";
import { assemblyRoot, type ParsedCommand } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";
import { chosenStage } from "../stage.js";

export type Synthesize = (options: SynthOptions) => Promise<SynthResult>;

/** What the command reaches outside itself, injected so tests run without AWS or the real stack. */
export interface DeployDeps {
  readonly loadApp: () => Promise<App>;
  readonly checkCredentials: () => Promise<void>;
  readonly synthesize: Synthesize;
  readonly runCdk: CdkRunner;
}

/** The stack and its bundles load only when a command synthesizes: they pull in the whole CDK. */
export const lazySynthesize: Synthesize = async (options) =>
  (await import("../../infra/synth.js")).synthesize(options);

export const deployDeps: DeployDeps = {
  loadApp: () => loadApp(),
  checkCredentials: () => checkAwsCredentials(),
  synthesize: lazySynthesize,
  runCdk,
};

/** The app folder function entries are relative to, as `npm start` serves it. */
export const appDir = "app";

function approvalOf(value: unknown): ApprovalLevel {
  if (value === undefined) return "broadening";
  if ((approvalLevels as readonly unknown[]).includes(value)) return value as ApprovalLevel;
  throw new ApprovalFlagError(String(value), approvalLevels);
}

export async function cdkStageCommand(
  action: CdkAction,
  parsed: ParsedCommand,
  io: Io,
  deps: DeployDeps = deployDeps,
): Promise<number> {
  const app = await deps.loadApp();
  const stage = chosenStage(describeApp(app), parsed.values.stage);
  const requireApproval = approvalOf(parsed.values["require-approval"]);
  await deps.checkCredentials();
  const outdir = join(assemblyRoot, stage.name);
  const synthesized = await deps.synthesize({ app, appDir: resolve(appDir), stage: stage.name, outdir });
  io.err(`portico: synthesized ${synthesized.stackName} into ${outdir}; running cdk ${action}`);
  return deps.runCdk(
    cdkArguments(action, {
      assemblyDir: synthesized.assemblyDir,
      stackName: synthesized.stackName,
      outputsFile: join(outdir, "outputs.json"),
      force: parsed.values.force === true,
      requireApproval,
    }),
  );
}
