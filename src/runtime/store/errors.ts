/**
 * What a store operation can fail with, as types the HTTP layer maps to problems. Each type has
 * one stable `code` (its static `code`), and the HTTP layer maps by that code, never by
 * `instanceof`: an error thrown by another copy of the package has another prototype.
 */
import { PorticoError } from "../errors.js";
import type { Revision } from "./conditions.js";

export class StoreError extends PorticoError {}

export class ItemNotFoundError extends StoreError {
  static readonly code = "store.item_not_found";
  declare readonly code: typeof ItemNotFoundError.code;
  constructor(readonly entity: string) {
    super(ItemNotFoundError.code, `The ${entity} does not exist.`);
  }
}

export class AlreadyExistsError extends StoreError {
  static readonly code = "store.already_exists";
  declare readonly code: typeof AlreadyExistsError.code;
  constructor(readonly entity: string) {
    super(AlreadyExistsError.code, `The ${entity} already exists.`);
  }
}

/** An `If-Match` precondition (or the version read before a transaction) no longer holds. */
export class VersionMismatchError extends StoreError {
  static readonly code = "store.version_mismatch";
  declare readonly code: typeof VersionMismatchError.code;
  constructor(
    readonly entity: string,
    readonly current: Revision,
  ) {
    super(VersionMismatchError.code, `The ${entity} is at version ${current.version}, not the one expected.`);
  }
}

export class UniqueValueTakenError extends StoreError {
  static readonly code = "store.unique_value_taken";
  declare readonly code: typeof UniqueValueTakenError.code;
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(UniqueValueTakenError.code, `Another ${entity} already has this ${field}.`);
  }
}

export class ParentNotFoundError extends StoreError {
  static readonly code = "store.parent_not_found";
  declare readonly code: typeof ParentNotFoundError.code;
  constructor(readonly parent: string) {
    super(ParentNotFoundError.code, `The ${parent} does not exist.`);
  }
}

/** The same Idempotency-Key was used with a different request. */
export class IdempotencyKeyReusedError extends StoreError {
  static readonly code = "store.idempotency_key_reused";
  declare readonly code: typeof IdempotencyKeyReusedError.code;
  constructor() {
    super(IdempotencyKeyReusedError.code, "This Idempotency-Key was already used with a different request.");
  }
}

export class InvalidCursorError extends StoreError {
  static readonly code = "store.invalid_cursor";
  declare readonly code: typeof InvalidCursorError.code;
  constructor(reason: string) {
    super(InvalidCursorError.code, reason);
  }
}

/** DynamoDB throttled or could not be reached, after the SDK's own retries. */
export class StoreUnavailableError extends StoreError {
  static readonly code = "store.unavailable";
  declare readonly code: typeof StoreUnavailableError.code;
  constructor(
    readonly retryAfterSeconds: number,
    cause: unknown,
  ) {
    super(StoreUnavailableError.code, "The data store is unavailable.", { cause });
  }
}

/** Every store error, told apart by `code`. */
export type AnyStoreError =
  | ItemNotFoundError
  | AlreadyExistsError
  | VersionMismatchError
  | UniqueValueTakenError
  | ParentNotFoundError
  | IdempotencyKeyReusedError
  | InvalidCursorError
  | StoreUnavailableError;

const storeErrorCodes: ReadonlySet<string> = new Set<AnyStoreError["code"]>([
  ItemNotFoundError.code,
  AlreadyExistsError.code,
  VersionMismatchError.code,
  UniqueValueTakenError.code,
  ParentNotFoundError.code,
  IdempotencyKeyReusedError.code,
  InvalidCursorError.code,
  StoreUnavailableError.code,
]);

/** A store error from this copy of the package or any other: the brand and a known `code`. */
export function isStoreError(value: unknown): value is AnyStoreError {
  return PorticoError.is(value) && storeErrorCodes.has(value.code);
}
