/**
 * Synthesizes one stage of an app into a cloud assembly, offline and without credentials: the
 * stack from `describeApp`, every function bundled with the local esbuild, and cdk-nag's
 * AwsSolutions checks, where any finding that is neither fixed nor suppressed with a reason fails
 * the synth. `portico deploy|diff|destroy` hand the assembly to the CDK's own CLI.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { App as CdkApp, Validations } from "aws-cdk-lib";
import { type App, describeApp } from "../model/index.js";
import { errorWithCode } from "../runtime/index.js";
import { AwsSolutionsChecks } from "./nag.js";
import { stackName } from "./names.js";
import { PorticoStack, stageConfig } from "./stack.js";

export interface SynthOptions {
  readonly app: App;
  /** The app folder (`app/`): function entries are relative to it. */
  readonly appDir: string;
  readonly stage: string;
  /** Where the cloud assembly is written. */
  readonly outdir: string;
  /** The folder holding package.json and package-lock.json. @default - the app folder's parent */
  readonly projectRoot?: string;
}

export interface BundleSize {
  /** The function's name in `describeApp`. */
  readonly name: string;
  /** The minified bundle's bytes. */
  readonly bytes: number;
}

export interface SynthResult {
  readonly assemblyDir: string;
  readonly stackName: string;
  readonly bundles: readonly BundleSize[];
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly violations: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

/** The findings in the assembly's validation report: `<rule> at <construct path>: <description>`. */
function reportedFindings(outdir: string): string[] {
  const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map(
        (construct) => `${violation.ruleName} at ${construct.constructPath}: ${violation.description}`,
      ),
    ),
  );
}

/** Synthesizes `cdkApp`; cdk-nag's failed validation becomes a `NagFindingsError` listing each finding. */
export function synthesizeChecked(cdkApp: CdkApp): ReturnType<CdkApp["synth"]> {
  try {
    return cdkApp.synth();
  } catch (error) {
    if (existsSync(join(cdkApp.outdir, "validation-report.json"))) {
      throw new NagFindingsError(reportedFindings(cdkApp.outdir));
    }
    throw error;
  }
}

/** A finding cdk-nag reported that the stack neither fixes nor suppresses with a reason. */
export class NagFindingsError extends errorWithCode("infra.nag_findings") {
  readonly findings: readonly string[];
  constructor(findings: readonly string[]) {
    super(`cdk-nag reported ${findings.length} finding(s):\n${findings.join("\n")}`);
    this.findings = findings;
  }
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties: { readonly FunctionName?: unknown; readonly Code?: { readonly S3Key?: unknown } };
}

/**
 * The bundle of each function, read from the assembly: a function's code is the asset whose hash
 * names its S3 key (`<hash>.zip`), staged as the folder `asset.<hash>` holding `index.mjs`.
 */
export function bundleSizes(assemblyDir: string, template: unknown, names: readonly string[]): BundleSize[] {
  const resources = (template as { Resources: Record<string, TemplateResource> }).Resources;
  const sizes: BundleSize[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const functionName = String(resource.Properties.FunctionName ?? "");
    const name = names.find((candidate) => functionName.endsWith(`-${candidate}`));
    const key = resource.Properties.Code?.S3Key;
    if (name === undefined || typeof key !== "string") continue;
    sizes.push({ name, bytes: statSync(join(assetFolder(assemblyDir, key), "index.mjs")).size });
  }
  return sizes;
}

/** The staged folder of the asset uploaded as `key` (`<hash>.zip`). */
export function assetFolder(assemblyDir: string, key: string): string {
  return join(assemblyDir, `asset.${key.replace(/\.zip$/, "")}`);
}

/** The CDK feature flags the stack is built with. */
export const featureFlags = {
  // Access logs are delivered under a bucket policy, not the legacy log-delivery ACL.
  "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
} as const;

export interface StageStackOptions extends Omit<SynthOptions, "outdir"> {
  readonly outdir?: string;
  /** Bundle the functions with esbuild. @default true; template-only tests turn it off */
  readonly bundle?: boolean;
}

/** The CDK app holding one stage's stack, with cdk-nag's checks registered, not yet synthesized. */
export function stageStack(options: StageStackOptions): {
  readonly cdkApp: CdkApp;
  readonly stack: PorticoStack;
} {
  const description = describeApp(options.app);
  const config = stageConfig(description, options.stage);
  const appDir = resolve(options.appDir);
  const cdkApp = new CdkApp({
    ...(options.outdir === undefined ? {} : { outdir: resolve(options.outdir) }),
    context: {
      ...featureFlags,
      ...(options.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {}),
    },
  });
  const stack = new PorticoStack(cdkApp, stackName(description, options.stage), {
    app: description,
    stage: options.stage,
    appDir,
    projectRoot: resolve(options.projectRoot ?? join(appDir, "..")),
    ...(config.region === undefined ? {} : { env: { region: config.region } }),
    description: `${description.name}, stage ${options.stage} (Portico)`,
  });
  Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp, { verbose: true }));
  return { cdkApp, stack };
}

/** Synthesizes the stage, bundles included; throws `NagFindingsError` on any unacknowledged finding. */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const { cdkApp, stack } = stageStack(options);
  const assembly = synthesizeChecked(cdkApp);
  const artifact = assembly.getStackByName(stack.stackName);
  return {
    assemblyDir: assembly.directory,
    stackName: stack.stackName,
    bundles: bundleSizes(
      assembly.directory,
      JSON.parse(readFileSync(artifact.templateFullPath, "utf8")),
      describeApp(options.app).functions.map((fn) => fn.name),
    ),
  };
}
