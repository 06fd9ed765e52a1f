/**
 * The root of Portico's errors: a stable dotted `code`, an optional `cause`, and a brand that
 * survives two copies of the package in one bundle (so no bare `instanceof` across copies).
 */

const brand = Symbol.for("portico.error");

export class PorticoError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: true });
  }

  static is(value: unknown): value is PorticoError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/**
 * The base class of errors with one stable `code`: the class's static `code` and each instance's
 * `code` are that one literal, so a `switch` on `code` narrows to the class. `base` is the family
 * it belongs to (`StoreError`).
 *
 * @example export class UnknownStageError extends errorWithCode("infra.unknown_stage") { … }
 */
export function errorWithCode<const Code extends string>(
  code: Code,
  base: typeof PorticoError = PorticoError,
) {
  return class extends base {
    static readonly code: Code = code;
    declare readonly code: Code;
    constructor(message: string, options?: { cause?: unknown }) {
      super(code, message, options);
    }
  };
}
