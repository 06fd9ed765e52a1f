import { describe, expect, it } from "vitest";
import { CognitoDomainError, cognitoDomainStem } from "./auth.js";
import { DeployedNameTooLongError, deployedFunctionName, functionLogGroupName, stackName } from "./names.js";

describe("deployed names", () => {
  const app = { name: "my-app" };

  it("carry the stage, so two stages share an account and Region", () => {
    expect(stackName(app, "dev")).toBe("my-app-dev");
    expect(deployedFunctionName(app, "prod", { name: "accounts-get" })).toBe("my-app-prod-accounts-get");
    expect(functionLogGroupName(app, "dev", { name: "health" })).toBe("/aws/lambda/my-app-dev-health");
  });

  it("refuse a function name over Lambda's 64 characters, saying what to shorten", () => {
    expect(() =>
      deployedFunctionName({ name: "a".repeat(50) }, "staging", { name: "notes-replace" }),
    ).toThrow(DeployedNameTooLongError);
    expect(() =>
      deployedFunctionName({ name: "a".repeat(50) }, "staging", { name: "notes-replace" }),
    ).toThrow(/has 72 characters; AWS takes 64\. Shorten/);
  });

  it("refuse a user pool domain prefix Cognito would reject", () => {
    expect(cognitoDomainStem("my-app", "dev")).toBe("my-app-dev");
    expect(() => cognitoDomainStem("a".repeat(48), "dev")).toThrow(CognitoDomainError);
    expect(() => cognitoDomainStem("my-aws-app", "dev")).toThrow(/holds "aws"/);
  });
});
