/**
 * RFC 9457 problem details. Each status the API answers with is a type, built from its entry in
 * `problem-catalogue.ts`; one function turns any thrown value into one (see
 * `handlers/error-to-problem.ts`), unknown ones into an opaque 500.
 */
import { PorticoError } from "../errors.js";
import { maxListedFieldErrors } from "../limits.js";
import { mediaTypes } from "./media-types.js";
import { type ProblemKind, problemCatalogue as problems } from "./problem-catalogue.js";

export interface FieldError {
  /** Where: a body field (`handle`, `attachments.0.key`), a query parameter or a header. */
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
    kind: ProblemKind,
    detail: string,
    options: { readonly headers?: Record<string, string>; readonly cause?: unknown } = {},
  ) {
    super(`http.${kind.slug}`, detail, { cause: options.cause });
    this.status = kind.status;
    this.title = kind.title;
    this.type = problemType(kind.slug);
    this.detail = detail;
    this.headers = options.headers ?? {};
  }

  toJSON(): ProblemDetails {
    return { type: this.type, title: this.title, status: this.status, detail: this.detail };
  }
}

export class BadRequestProblem extends HttpProblem {
  constructor(detail: string) {
    super(problems.badRequest, detail);
  }
}

export class ValidationProblem extends HttpProblem {
  readonly errors: readonly FieldError[];

  /** `total` counts every error found, when more were found than `errors` holds. */
  constructor(errors: readonly FieldError[], total: number = errors.length) {
    const listed = errors.slice(0, maxListedFieldErrors);
    const detail = problems.validation.details.invalidFields(Math.max(total, listed.length), listed.length);
    super(problems.validation, detail);
    this.errors = listed;
  }

  override toJSON(): ProblemDetails {
    return { ...super.toJSON(), errors: this.errors };
  }
}

export class UnauthorizedProblem extends HttpProblem {
  constructor(detail: string = problems.unauthorized.details.noToken) {
    super(problems.unauthorized, detail, { headers: { "www-authenticate": "Bearer" } });
  }
}

export class ForbiddenProblem extends HttpProblem {
  constructor(detail: string) {
    super(problems.forbidden, detail);
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(detail: string) {
    super(problems.notFound, detail);
  }
}

export class ConflictProblem extends HttpProblem {
  constructor(detail: string) {
    super(problems.conflict, detail);
  }
}

export class PreconditionFailedProblem extends HttpProblem {
  /**
   * `noun`: what was written (`account`, see `entityNoun`); `currentEtag`: the item's current tag,
   * sent back so the client can read again or retry.
   */
  constructor(noun: string, currentEtag: string) {
    super(problems.preconditionFailed, problems.preconditionFailed.details.changed(noun), {
      headers: { etag: currentEtag },
    });
  }
}

export class UnsupportedMediaTypeProblem extends HttpProblem {
  /** `patch`: the refused request was a PATCH, so the answer names the patch format (RFC 5789 §2.2). */
  constructor(patch: boolean) {
    const { notJson } = problems.unsupportedMediaType.details;
    super(
      problems.unsupportedMediaType,
      notJson(patch ? mediaTypes.mergePatch : mediaTypes.json),
      patch ? { headers: { "accept-patch": mediaTypes.mergePatch } } : {},
    );
  }
}

export class UnprocessableContentProblem extends HttpProblem {
  constructor(detail: string) {
    super(problems.unprocessableContent, detail);
  }
}

export class ServiceUnavailableProblem extends HttpProblem {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super(problems.serviceUnavailable, problems.serviceUnavailable.details.busy, {
      headers: { "retry-after": String(retryAfterSeconds) },
      cause,
    });
  }
}

export class InternalProblem extends HttpProblem {
  constructor(cause: unknown) {
    super(problems.internal, problems.internal.details.unexpected, { cause });
  }
}
