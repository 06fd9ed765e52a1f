/**
 * The error an app or entity definition that cannot work is refused with, when it is declared
 * (`defineApp`, `defineEntity`, `refusals.ts`). Its message says what was declared and what to
 * change. The model is below the runtime, so this is not a `PorticoError`, but it has the same
 * shape: a stable dotted `code` and a brand that survives two copies of the package in one bundle.
 */

const brand = Symbol.for("portico.definition-error");

export class DefinitionError extends Error {
  static readonly code = "model.invalid_definition";
  readonly code = DefinitionError.code;
  override readonly name = "DefinitionError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, brand, { value: true });
  }

  /** Whether `value` is a `DefinitionError`, from this copy of the package or another. */
  static is(value: unknown): value is DefinitionError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
