/**
 * The one error handler: known errors become their problem, store errors become the HTTP status
 * they mean, and anything else an opaque 500 that names nothing internal.
 */
import type { AnyEntity } from "../../model/index.js";
import { PorticoError } from "../errors.js";
import { etagOf } from "../http/etag.js";
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
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemNotFoundError,
  ParentNotFoundError,
  StoreUnavailableError,
  UniqueValueTakenError,
  VersionMismatchError,
} from "../store/index.js";
import { fieldMessages } from "./field-messages.js";

export function errorToProblem(error: unknown, entity: AnyEntity | undefined): HttpProblem {
  if (!PorticoError.is(error)) return new InternalProblem(error);
  if (error instanceof HttpProblem) return error;
  const title = entity?.title ?? "Item";
  if (error instanceof ItemNotFoundError)
    return new NotFoundProblem(`The ${title.toLowerCase()} does not exist.`);
  if (error instanceof ParentNotFoundError) return new NotFoundProblem(`The ${error.parent} does not exist.`);
  if (error instanceof AlreadyExistsError)
    return new ConflictProblem(`The ${title.toLowerCase()} already exists.`);
  if (error instanceof UniqueValueTakenError) {
    return new ConflictProblem(`The ${error.field} is already taken by another ${title.toLowerCase()}.`);
  }
  if (error instanceof VersionMismatchError) {
    return new PreconditionFailedProblem(title.toLowerCase(), etagOf(error.current));
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new UnprocessableContentProblem(
      "This Idempotency-Key was already used with a different request body.",
    );
  }
  if (error instanceof InvalidCursorError) {
    return new ValidationProblem([{ path: "cursor", message: fieldMessages.foreignCursor }]);
  }
  if (error instanceof StoreUnavailableError)
    return new ServiceUnavailableProblem(error.retryAfterSeconds, error);
  return new InternalProblem(error);
}
