import { describe, expect, it } from "vitest";
import { deployedTestApp as app } from "../../../test/support/store-entities.js";
import type { SynthOptions } from "../../infra/synth.js";
import { MissingCredentialsError, StageFlagError } from "../errors.js";
import { parseCommand } from "../flags.js";
import { cdkStageCommand, type DeployDeps } from "./deploy.js";

/** Fakes for everything the command reaches: the credential check, the stack's synth and the CDK CLI. */
function fakes(options: { credentials?: boolean; cdkExit?: number } = {}) {
  const steps: string[] = [];
  const synthesized: SynthOptions[] = [];
  const cdkCalls: (readonly string[])[] = [];
  const deps: DeployDeps = {
    loadApp: async () => app,
    checkCredentials: async () => {
      steps.push("credentials");
      if (options.credentials === false) throw new MissingCredentialsError("none found");
    },
    synthesize: async (synth) => {
      steps.push("synth");
      synthesized.push(synth);
      return { assemblyDir: `/abs/${synth.outdir}`, stackName: `store-test-${synth.stage}`, bundles: [] };
    },
    runCdk: async (args) => {
      steps.push("cdk");
      cdkCalls.push(args);
      return options.cdkExit ?? 0;
    },
  };
  return { deps, steps, synthesized, cdkCalls };
}

const quiet = { out: () => {}, err: () => {} };
const run = (argv: string[], deps: DeployDeps) => {
  const parsed = parseCommand(argv);
  return cdkStageCommand(parsed.command as "deploy" | "diff" | "destroy", parsed, quiet, deps);
};

describe("portico deploy|diff|destroy (credential check, synth and CDK CLI faked)", () => {
  it("checks credentials, synthesizes into cdk.out/<stage>, then runs cdk deploy on that assembly", async () => {
    const { deps, steps, synthesized, cdkCalls } = fakes();
    expect(await run(["deploy", "--stage", "dev"], deps)).toBe(0);
    expect(steps).toEqual(["credentials", "synth", "cdk"]);
    expect(synthesized).toEqual([expect.objectContaining({ stage: "dev", outdir: "cdk.out/dev" })]);
    expect(cdkCalls).toEqual([
      [
        "deploy",
        "--app",
        "/abs/cdk.out/dev",
        "--require-approval",
        "broadening",
        "--outputs-file",
        "cdk.out/dev/outputs.json",
        "store-test-dev",
      ],
    ]);
  });

  it("lets a pipeline deploy without a human (--require-approval never), and refuses an unknown level", async () => {
    const { deps, cdkCalls } = fakes();
    expect(await run(["deploy", "--stage", "dev", "--require-approval", "never"], deps)).toBe(0);
    expect(cdkCalls[0]?.slice(3, 5)).toEqual(["--require-approval", "never"]);
    await expect(run(["deploy", "--stage", "dev", "--require-approval", "sometimes"], deps)).rejects.toThrow(
      /--require-approval takes broadening, any-change, never; got "sometimes"/,
    );
  });

  it("runs cdk diff and cdk destroy on the stage's stack, --force only when asked", async () => {
    const { deps, cdkCalls } = fakes();
    await run(["diff", "--stage", "prod"], deps);
    await run(["destroy", "--stage", "dev"], deps);
    await run(["destroy", "--stage", "dev", "--force"], deps);
    expect(cdkCalls).toEqual([
      ["diff", "--app", "/abs/cdk.out/prod", "store-test-prod"],
      ["destroy", "--app", "/abs/cdk.out/dev", "store-test-dev"],
      ["destroy", "--app", "/abs/cdk.out/dev", "--force", "store-test-dev"],
    ]);
  });

  it("exits with the CDK CLI's exit code", async () => {
    expect(await run(["deploy", "--stage", "dev"], fakes({ cdkExit: 3 }).deps)).toBe(3);
  });

  it("stops without credentials before synthesizing anything", async () => {
    const { deps, steps } = fakes({ credentials: false });
    await expect(run(["deploy", "--stage", "dev"], deps)).rejects.toThrow(MissingCredentialsError);
    expect(steps).toEqual(["credentials"]);
  });

  it("refuses a stage the app does not deploy, or none, listing its stages, before checking credentials", async () => {
    const { deps, steps } = fakes();
    await expect(run(["deploy", "--stage", "qa"], deps)).rejects.toThrow(StageFlagError);
    await expect(run(["deploy", "--stage", "qa"], deps)).rejects.toThrow(
      'No stage "qa"; stages: dev, prod (deploy.stages in the app definition).',
    );
    await expect(run(["diff", "--stage", "toString"], deps)).rejects.toThrow(
      /No stage "toString"; stages: dev, prod/,
    );
    await expect(run(["destroy"], deps)).rejects.toThrow(/--stage is required; stages: dev, prod/);
    expect(steps).toEqual([]);
  });
});
