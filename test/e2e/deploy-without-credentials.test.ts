/**
 * `portico deploy` on a machine with no AWS credentials at all: no AWS_* variables and a HOME with
 * no ~/.aws, so every provider of the SDK's default chain comes up empty without any network call
 * (the instance metadata service is left out of the check). Nothing of AWS is mocked: nothing of
 * it is reached.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repository = join(import.meta.dirname, "../..");
const home = mkdtempSync(join(tmpdir(), "portico-no-aws-"));

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** The bin run with nothing but PATH and an empty HOME. */
function portico(args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["bin/portico.js", ...args], {
    cwd: repository,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: home },
    timeout: 15_000,
  });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

describe("portico deploy without AWS credentials", () => {
  it("stops at once with exit 1 and one line saying how to provide them, before synthesizing", () => {
    const result = portico(["deploy", "--stage", "dev"]);
    expect(result.status).toBe(1);
    expect(result.seconds).toBeLessThan(10);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^portico: No AWS credentials .*AWS_PROFILE.*AWS_ACCESS_KEY_ID.*AWS_REGION/),
    ]);
  });

  it("refuses an unknown stage with exit 2 and one line listing the stages", () => {
    const result = portico(["deploy", "--stage", "qa"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'portico: No stage "qa"; stages: dev, prod (deploy.stages in the app definition).',
    ]);
  });
});
