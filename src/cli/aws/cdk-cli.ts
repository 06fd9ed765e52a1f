/**
 * The CDK's own CLI (the installed `aws-cdk` package, never fetched): the arguments each Portico
 * command hands it, and a runner that inherits the terminal and returns its exit code.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type CdkAction = "deploy" | "diff" | "destroy";

/** `cdk deploy --require-approval`: what makes it stop and ask. */
export const approvalLevels = ["broadening", "any-change", "never"] as const;
export type ApprovalLevel = (typeof approvalLevels)[number];

export interface CdkTarget {
  /** The synthesized cloud assembly, handed to `cdk --app`. */
  readonly assemblyDir: string;
  readonly stackName: string;
  /** Where `deploy` writes the stack's outputs. */
  readonly outputsFile: string;
  /** `destroy` without asking. */
  readonly force: boolean;
  /** What makes `deploy` stop and ask; `never` in a pipeline, which has no one to ask. */
  readonly requireApproval: ApprovalLevel;
}

/** `cdk <action> --app <assembly> … <stack>`: by default deploy stops for a human on any widened permission. */
export function cdkArguments(action: CdkAction, target: CdkTarget): string[] {
  const flags: Record<CdkAction, string[]> = {
    deploy: ["--require-approval", target.requireApproval, "--outputs-file", target.outputsFile],
    diff: [],
    destroy: target.force ? ["--force"] : [],
  };
  return [action, "--app", target.assemblyDir, ...flags[action], target.stackName];
}

/** The `cdk` bin of the installed `aws-cdk` package, as its package.json names it. */
export function cdkBin(): string {
  const manifest = createRequire(import.meta.url).resolve("aws-cdk/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: { cdk: string } };
  return join(dirname(manifest), bin.cdk);
}

export type CdkRunner = (args: readonly string[]) => Promise<number>;

/** Runs a Node.js script with this Node.js, on this terminal; resolves with its exit code (1 when killed by a signal). */
export function runNodeScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

export const runCdk: CdkRunner = (args) => runNodeScript(cdkBin(), args);
