/**
 * RFC 9457 problem details. Each status the API answers with is a type; one function turns any
 * thrown value into one (see `handlers/error-to-problem.ts`), unknown ones into an opaque 500.
 */
import { PorticoError } from "../errors.js";
import { maxListedFieldErrors } from "../limits.js";

export interface FieldError {
  /** Where: a body field (`username`, `attachments.0.key`), a query parameter or a header. */
  readonly path: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

/** Problem types are URNs: stable identifiers that do not pretend to be documentation URLs. */
const problemType = (slug: string) => `urn:portico:problem:${slug}`;

export class HttpProblem extends PorticoError {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    options: { readonly headers?: Record<string, string>; readonly cause?: unknown } = {},
  ) {
    super(`http.${slug}`, detail, { cause: options.cause });
    this.status = status;
    this.title = title;
    this.type = problemType(slug);
    this.detail = detail;
    this.headers = options.headers ?? {};
  }

  toJSON(): ProblemDetails {
    return { type: this.type, title: this.title, status: this.status, detail: this.detail };
  }
}

export class BadRequestProblem extends HttpProblem {
  constructor(detail: string) {
    super(400, "bad-request", "Bad Request", detail);
  }
}

function validationDetail(total: number, listed: number): string {
  return total > listed
    ? `The request has ${total} invalid fields; the first ${listed} are listed.`
    : `The request has ${total} invalid ${total === 1 ? "field" : "fields"}.`;
}

export class ValidationProblem extends HttpProblem {
  readonly errors: readonly FieldError[];

  /** `total` counts every error found, when more were found than `errors` holds. */
  constructor(errors: readonly FieldError[], total: number = errors.length) {
    const listed = errors.slice(0, maxListedFieldErrors);
    super(
      400,
      "validation-error",
      "Validation Failed",
      validationDetail(Math.max(total, listed.length), listed.length),
    );
    this.errors = listed;
  }

  override toJSON(): ProblemDetails {
    return { ...super.toJSON(), errors: this.errors };
  }
}

export class UnauthorizedProblem extends HttpProblem {
  constructor(detail = "The request carries no valid token.") {
    super(401, "unauthorized", "Unauthorized", detail, { headers: { "www-authenticate": "Bearer" } });
  }
}

export class ForbiddenProblem extends HttpProblem {
  constructor(detail: string) {
    super(403, "forbidden", "Forbidden", detail);
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(detail: string) {
    super(404, "not-found", "Not Found", detail);
  }
}

export class ConflictProblem extends HttpProblem {
  constructor(detail: string) {
    super(409, "conflict", "Conflict", detail);
  }
}

export class PreconditionFailedProblem extends HttpProblem {
  /**
   * `entity`: what was written (`user`); `currentEtag`: the item's current tag, sent back so the
   * client can read again or retry. The detail says nothing of versions: tags are opaque, and a
   * stale tag may be from an earlier life of the item, at the same version.
   */
  constructor(entity: string, currentEtag: string) {
    super(
      412,
      "precondition-failed",
      "Precondition Failed",
      `The ${entity} has changed since the ETag in If-Match was read; nothing was written. ` +
        "Read it again, then retry with its current ETag.",
      { headers: { etag: currentEtag } },
    );
  }
}

/** The JSON Merge Patch media type, which a PATCH body should declare (RFC 7396). */
export const mergePatchMediaType = "application/merge-patch+json";

export class UnsupportedMediaTypeProblem extends HttpProblem {
  /** `patch`: the refused request was a PATCH, so the answer names the patch format (RFC 5789 §2.2). */
  constructor(patch: boolean) {
    super(
      415,
      "unsupported-media-type",
      "Unsupported Media Type",
      patch
        ? `The request body must be JSON in UTF-8, sent with Content-Type: ${mergePatchMediaType}.`
        : "The request body must be JSON in UTF-8, sent with Content-Type: application/json.",
      patch ? { headers: { "accept-patch": mergePatchMediaType } } : {},
    );
  }
}

export class UnprocessableContentProblem extends HttpProblem {
  constructor(detail: string) {
    super(422, "unprocessable-content", "Unprocessable Content", detail);
  }
}

export class ServiceUnavailableProblem extends HttpProblem {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super(
      503,
      "service-unavailable",
      "Service Unavailable",
      "The service is busy; retry after the given delay.",
      {
        headers: { "retry-after": String(retryAfterSeconds) },
        cause,
      },
    );
  }
}

export class InternalProblem extends HttpProblem {
  constructor(cause: unknown) {
    super(500, "internal-error", "Internal Server Error", "The request failed unexpectedly.", { cause });
  }
}
