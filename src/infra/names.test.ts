import { describe, expect, it } from "vitest";
import { CognitoDomainError, cognitoDomainStem } from "./auth.js";
import { DeployedNameTooLongError, deployedFunctionName, functionLogGroupName, stackName } from "./names.js";

describe("deployed names", () => {
  const app = { name: "swifty-planner" };

  it("carry the stage, so two stages share an account and Region", () => {
    expect(stackName(app, "dev")).toBe("swifty-planner-dev");
    expect(deployedFunctionName(app, "prod", { name: "users-get" })).toBe("swifty-planner-prod-users-get");
    expect(functionLogGroupName(app, "dev", { name: "health" })).toBe(
      "/aws/lambda/swifty-planner-dev-health",
    );
  });

  it("refuse a function name over Lambda's 64 characters, saying what to shorten", () => {
    expect(() =>
      deployedFunctionName({ name: "a".repeat(50) }, "staging", { name: "users-replace" }),
    ).toThrow(DeployedNameTooLongError);
    expect(() =>
      deployedFunctionName({ name: "a".repeat(50) }, "staging", { name: "users-replace" }),
    ).toThrow(/has 72 characters; AWS takes 64\. Shorten/);
  });

  it("refuse a user pool domain prefix Cognito would reject", () => {
    expect(cognitoDomainStem("swifty-planner", "dev")).toBe("swifty-planner-dev");
    expect(() => cognitoDomainStem("a".repeat(48), "dev")).toThrow(CognitoDomainError);
    expect(() => cognitoDomainStem("my-aws-app", "dev")).toThrow(/holds "aws"/);
  });
});
