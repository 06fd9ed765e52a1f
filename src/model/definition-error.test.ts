import { describe, expect, it } from "vitest";
import { DefinitionError } from "./definition-error.js";
import { DefinitionError as Exported } from "./index.js";

describe("DefinitionError", () => {
  it("has a stable code and its own name, and keeps the cause", () => {
    const cause = new Error("why");
    const error = new DefinitionError('Entity "x" cannot work: change y.', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("model.invalid_definition");
    expect(DefinitionError.code).toBe(error.code);
    expect(error.name).toBe("DefinitionError");
    expect(error.message).toBe('Entity "x" cannot work: change y.');
    expect(error.cause).toBe(cause);
    expect(Exported).toBe(DefinitionError);
  });

  it("is recognised by its brand, not its prototype, so a second copy of the package is one too", () => {
    const fromAnotherCopy = Object.defineProperty(new Error("x"), Symbol.for("portico.definition-error"), {
      value: true,
    });
    expect(DefinitionError.is(fromAnotherCopy)).toBe(true);
    expect(DefinitionError.is(new DefinitionError("x"))).toBe(true);
    expect(DefinitionError.is(new TypeError("x"))).toBe(false);
    expect(DefinitionError.is({ name: "DefinitionError", code: DefinitionError.code })).toBe(false);
    expect(DefinitionError.is(undefined)).toBe(false);
  });
});
