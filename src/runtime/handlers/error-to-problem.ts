/**
 * The one error handler: known errors become their problem, store errors become the HTTP status
 * they mean, and anything else an opaque 500 that names nothing internal. Errors are told apart
 * by their brand and `code`, not `instanceof`, so an error from another copy of the package (two
 * copies in one bundle) is still mapped.
 */
import type { AnyEntity } from "../../model/index.js";
import { PorticoError } from "../errors.js";
import { etagOf } from "../http/etag.js";
import { entityNoun, fieldMessages, problemCatalogue as problems } from "../http/problem-catalogue.js";
import {
  ConflictProblem,
  HttpProblem,
  InternalProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  ServiceUnavailableProblem,
  UnprocessableContentProblem,
  ValidationProblem,
} from "../http/problems.js";
import {
  AlreadyExistsError,
  type AnyStoreError,
  FileNotFoundError,
  FileSlotFullError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemNotFoundError,
  isStoreError,
  ParentNotFoundError,
  StoreUnavailableError,
  UniqueValueTakenError,
  VersionMismatchError,
} from "../store/errors.js";

/** A problem already, from this copy or another: it carries everything a response needs. */
function isHttpProblem(error: PorticoError): error is HttpProblem {
  if (error instanceof HttpProblem) return true;
  const candidate = error as Partial<Record<keyof HttpProblem, unknown>>;
  return (
    typeof candidate.status === "number" &&
    typeof candidate.toJSON === "function" &&
    typeof candidate.headers === "object"
  );
}

function storeProblem(error: AnyStoreError, noun: string): HttpProblem {
  switch (error.code) {
    case ItemNotFoundError.code:
      return new NotFoundProblem(problems.notFound.details.missing(noun));
    case FileNotFoundError.code:
      return new NotFoundProblem(problems.notFound.details.noFile(noun, error.slot));
    case FileSlotFullError.code:
      return new ConflictProblem(problems.conflict.details.slotFull(noun, error.slot, error.maxFiles));
    case ParentNotFoundError.code:
      return new NotFoundProblem(problems.notFound.details.missing(error.parent));
    case AlreadyExistsError.code:
      return new ConflictProblem(problems.conflict.details.exists(noun));
    case UniqueValueTakenError.code:
      return new ConflictProblem(problems.conflict.details.uniqueTaken(error.field, noun));
    case VersionMismatchError.code:
      return new PreconditionFailedProblem(noun, etagOf(error.current));
    case IdempotencyKeyReusedError.code:
      return new UnprocessableContentProblem(problems.unprocessableContent.details.idempotencyKeyReused);
    case InvalidCursorError.code:
      return new ValidationProblem([{ path: "cursor", message: fieldMessages.foreignCursor }]);
    case StoreUnavailableError.code:
      return new ServiceUnavailableProblem(error.retryAfterSeconds, error);
  }
}

export function errorToProblem(error: unknown, entity: AnyEntity | undefined): HttpProblem {
  if (!PorticoError.is(error)) return new InternalProblem(error);
  if (isHttpProblem(error)) return error;
  if (isStoreError(error)) return storeProblem(error, entityNoun(entity ?? { title: "Item" }));
  return new InternalProblem(error);
}
