/**
 * What a store operation can fail with, as types the HTTP layer maps to problems. Each type has
 * one stable `code` (its static `code`), and the HTTP layer maps by that code, never by
 * `instanceof`: an error thrown by another copy of the package has another prototype.
 */
import { errorWithCode, PorticoError } from "../errors.js";
import type { Revision } from "./conditions.js";

export class StoreError extends PorticoError {}

export class ItemNotFoundError extends errorWithCode("store.item_not_found", StoreError) {
  constructor(readonly entity: string) {
    super(`The ${entity} does not exist.`);
  }
}

/** The item has no file in this single-file slot. */
export class FileNotFoundError extends errorWithCode("store.file_not_found", StoreError) {
  constructor(readonly slot: string) {
    super(`There is no ${slot}.`);
  }
}

/** A list of files (attachments) already holds as many as it may. */
export class FileSlotFullError extends errorWithCode("store.file_slot_full", StoreError) {
  constructor(
    readonly slot: string,
    readonly maxFiles: number,
  ) {
    super(`The ${slot} list already holds ${maxFiles} files.`);
  }
}

export class AlreadyExistsError extends errorWithCode("store.already_exists", StoreError) {
  constructor(readonly entity: string) {
    super(`The ${entity} already exists.`);
  }
}

/** An `If-Match` precondition (or the version read before a transaction) no longer holds. */
export class VersionMismatchError extends errorWithCode("store.version_mismatch", StoreError) {
  constructor(
    readonly entity: string,
    readonly current: Revision,
  ) {
    super(`The ${entity} is at version ${current.version}, not the one expected.`);
  }
}

export class UniqueValueTakenError extends errorWithCode("store.unique_value_taken", StoreError) {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`Another ${entity} already has this ${field}.`);
  }
}

export class ParentNotFoundError extends errorWithCode("store.parent_not_found", StoreError) {
  constructor(readonly parent: string) {
    super(`The ${parent} does not exist.`);
  }
}

/** The same Idempotency-Key was used with a different request. */
export class IdempotencyKeyReusedError extends errorWithCode("store.idempotency_key_reused", StoreError) {
  constructor() {
    super("This Idempotency-Key was already used with a different request.");
  }
}

export class InvalidCursorError extends errorWithCode("store.invalid_cursor", StoreError) {
  constructor(reason: string) {
    super(reason);
  }
}

/** DynamoDB throttled or could not be reached, after the SDK's own retries. */
export class StoreUnavailableError extends errorWithCode("store.unavailable", StoreError) {
  constructor(
    readonly retryAfterSeconds: number,
    cause: unknown,
  ) {
    super("The data store is unavailable.", { cause });
  }
}

/** Every store error, told apart by `code`. */
export type AnyStoreError =
  | ItemNotFoundError
  | FileNotFoundError
  | FileSlotFullError
  | AlreadyExistsError
  | VersionMismatchError
  | UniqueValueTakenError
  | ParentNotFoundError
  | IdempotencyKeyReusedError
  | InvalidCursorError
  | StoreUnavailableError;

const storeErrorCodes: ReadonlySet<string> = new Set<AnyStoreError["code"]>([
  ItemNotFoundError.code,
  FileNotFoundError.code,
  FileSlotFullError.code,
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
