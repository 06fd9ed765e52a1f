import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cdkBin } from "./cdk-cli.js";

describe("the CDK's own CLI", () => {
  it("is the installed aws-cdk package's bin, so nothing is fetched to run it", () => {
    expect(cdkBin()).toMatch(/node_modules\/aws-cdk\/bin\/cdk$/);
    expect(existsSync(cdkBin())).toBe(true);
  });
});
