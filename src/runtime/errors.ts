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
