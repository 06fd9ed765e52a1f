import { describe, expect, it } from "vitest";
import { deployedTestApp as app } from "../../../test/support/store-entities.js";
import type { SynthOptions } from "../../infra/synth.js";
import { parseCommand } from "../flags.js";
import { synthCommand } from "./synth.js";

function synthFake() {
  const calls: SynthOptions[] = [];
  const out: string[] = [];
  return {
    calls,
    out,
    io: { out: (line: string) => out.push(line), err: () => {} },
    deps: {
      loadApp: async () => app,
      synthesize: async (options: SynthOptions) => {
        calls.push(options);
        return {
          assemblyDir: options.outdir,
          stackName: `store-test-${options.stage}`,
          bundles: [
            { name: "notes-get", bytes: 48_213 },
            { name: "health", bytes: 2_048 },
          ],
        };
      },
    },
  };
}

describe("portico synth (the stack's synth faked)", () => {
  it("synthesizes every stage into cdk.out/<stage> and prints each stack and bundle size", async () => {
    const { calls, out, io, deps } = synthFake();
    expect(await synthCommand(parseCommand(["synth"]), io, deps)).toBe(0);
    expect(calls.map((call) => [call.stage, call.outdir])).toEqual([
      ["dev", "cdk.out/dev"],
      ["prod", "cdk.out/prod"],
    ]);
    expect(out.slice(0, 3)).toEqual([
      "store-test-dev  (stage dev, cdk.out/dev)",
      "  health        2.0 KB",
      "  notes-get    47.1 KB",
    ]);
  });

  it("synthesizes one stage into --out", async () => {
    const { calls, io, deps } = synthFake();
    await synthCommand(parseCommand(["synth", "--stage", "prod", "--out", "build"]), io, deps);
    expect(calls.map((call) => call.outdir)).toEqual(["build/prod"]);
    await expect(synthCommand(parseCommand(["synth", "--stage", "qa"]), io, deps)).rejects.toThrow(
      /No stage "qa"/,
    );
  });
});
