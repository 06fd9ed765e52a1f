/** Checks that a definition is refused when declared: a `DefinitionError` with the given message. */
import { expect } from "vitest";
import { DefinitionError } from "../../src/model/index.js";

export function expectRefused(define: () => unknown, message: string | RegExp): void {
  let thrown: unknown;
  try {
    define();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DefinitionError);
  expect(DefinitionError.is(thrown) && thrown.code).toBe(DefinitionError.code);
  if (typeof message === "string") expect((thrown as Error).message).toBe(message);
  else expect((thrown as Error).message).toMatch(message);
}
