/** What a store operation can fail with, as types the HTTP layer maps to problems. */
import { PorticoError } from "../errors.js";
import type { Revision } from "./conditions.js";

export class StoreError extends PorticoError {}

export class ItemNotFoundError extends StoreError {
  constructor(readonly entity: string) {
    super("store.item_not_found", `The ${entity} does not exist.`);
  }
}

export class AlreadyExistsError extends StoreError {
  constructor(readonly entity: string) {
    super("store.already_exists", `The ${entity} already exists.`);
  }
}

/** An `If-Match` precondition (or the version read before a transaction) no longer holds. */
export class VersionMismatchError extends StoreError {
  constructor(
    readonly entity: string,
    readonly current: Revision,
  ) {
    super("store.version_mismatch", `The ${entity} is at version ${current.version}, not the one expected.`);
  }
}

export class UniqueValueTakenError extends StoreError {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super("store.unique_value_taken", `Another ${entity} already has this ${field}.`);
  }
}

export class ParentNotFoundError extends StoreError {
  constructor(readonly parent: string) {
    super("store.parent_not_found", `The ${parent} does not exist.`);
  }
}

/** The same Idempotency-Key was used with a different request. */
export class IdempotencyKeyReusedError extends StoreError {
  constructor() {
    super("store.idempotency_key_reused", "This Idempotency-Key was already used with a different request.");
  }
}

export class InvalidCursorError extends StoreError {
  constructor(reason: string) {
    super("store.invalid_cursor", reason);
  }
}

/** DynamoDB throttled or could not be reached, after the SDK's own retries. */
export class StoreUnavailableError extends StoreError {
  constructor(
    readonly retryAfterSeconds: number,
    cause: unknown,
  ) {
    super("store.unavailable", "The data store is unavailable.", { cause });
  }
}
