/**
 * The one error handler: known errors become their problem, store errors become the HTTP status
 * they mean, and anything else an opaque 500 that names nothing internal.
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
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemNotFoundError,
  ParentNotFoundError,
  StoreUnavailableError,
  UniqueValueTakenError,
  VersionMismatchError,
} from "../store/index.js";

export function errorToProblem(error: unknown, entity: AnyEntity | undefined): HttpProblem {
  if (!PorticoError.is(error)) return new InternalProblem(error);
  if (error instanceof HttpProblem) return error;
  const noun = entityNoun(entity ?? { title: "Item" });
  if (error instanceof ItemNotFoundError) return new NotFoundProblem(problems.notFound.details.missing(noun));
  if (error instanceof ParentNotFoundError)
    return new NotFoundProblem(problems.notFound.details.missing(error.parent));
  if (error instanceof AlreadyExistsError) return new ConflictProblem(problems.conflict.details.exists(noun));
  if (error instanceof UniqueValueTakenError) {
    return new ConflictProblem(problems.conflict.details.uniqueTaken(error.field, noun));
  }
  if (error instanceof VersionMismatchError) {
    return new PreconditionFailedProblem(noun, etagOf(error.current));
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new UnprocessableContentProblem(problems.unprocessableContent.details.idempotencyKeyReused);
  }
  if (error instanceof InvalidCursorError) {
    return new ValidationProblem([{ path: "cursor", message: fieldMessages.foreignCursor }]);
  }
  if (error instanceof StoreUnavailableError)
    return new ServiceUnavailableProblem(error.retryAfterSeconds, error);
  return new InternalProblem(error);
}
