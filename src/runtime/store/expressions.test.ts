import { describe, expect, it } from "vitest";
import { Expressions } from "./expressions.js";

describe("Expressions", () => {
  it("aliases every name, reserved words included, the same name always the same alias", () => {
    const expressions = new Expressions();
    expect(expressions.name("status")).toBe("#status");
    expect(expressions.name("status")).toBe("#status");
    expect(expressions.name("cognito:groups")).toBe("#cognito_groups");
    expect(expressions.name("cognito_groups")).toBe("#cognito_groups2");
    expect(expressions.attributes()).toEqual({
      ExpressionAttributeNames: {
        "#status": "status",
        "#cognito_groups": "cognito:groups",
        "#cognito_groups2": "cognito_groups",
      },
    });
  });

  it("gives each value its own placeholder", () => {
    const expressions = new Expressions();
    expect(expressions.value("version", 1)).toBe(":version");
    expect(expressions.value("version", 2)).toBe(":version2");
    expect(expressions.attributes().ExpressionAttributeValues).toEqual({ ":version": 1, ":version2": 2 });
  });
});
