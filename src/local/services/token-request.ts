/**
 * A request for a token (the body of `POST /_local/token`), checked field by field; each refusal
 * names the offending field, as RFC 6749 §5.2's `error_description`.
 */
import { isCallerId } from "../../runtime/auth/principal.js";
import { maxSubjectLength } from "../../runtime/limits.js";

export interface IssueRequest {
  /** The subject (the caller's id the API sees): 1 to 128 visible ASCII characters. */
  readonly sub: string;
  /** Space-separated scopes (RFC 6749 §3.3), e.g. `app/admin`; @default no `scope` claim */
  readonly scope?: string;
  /** Lifetime in seconds, an integer from 1 to 86400; @default 3600 */
  readonly expiresIn?: number;
}

/** A token request is invalid; `error_description` names the offending field (RFC 6749 §5.2). */
export class TokenRequestError extends Error {
  override readonly name = "TokenRequestError";
  readonly code = "local.tokenIssuer.invalidRequest";
  readonly error = "invalid_request";
}

/** A token's lifetime (`expiresIn`): an hour unless asked, a day at most. */
export const tokenLifetime = { defaultSeconds: 3600, maxSeconds: 86_400 } as const;
/** RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*NQCHAR. */
const SCOPE_PATTERN = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;
const REQUEST_FIELDS = new Set(["sub", "scope", "expiresIn"]);

/** The refusal of a body that is not a JSON object, whether it is not JSON or JSON of another kind. */
export const notAJsonObject = 'the body must be a JSON object like {"sub":"alice"}';

/** The request with its defaults, or throws {@link TokenRequestError}. */
export function validateIssueRequest(request: unknown): { sub: string; scope?: string; expiresIn: number } {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new TokenRequestError(notAJsonObject);
  }
  const unknown = Object.keys(request).filter((field) => !REQUEST_FIELDS.has(field));
  if (unknown.length > 0) {
    throw new TokenRequestError(
      `unknown field(s) ${unknown.join(", ")}: only sub, scope and expiresIn are accepted`,
    );
  }
  const { sub, scope, expiresIn } = request as Record<string, unknown>;
  // The API serves only callers whose sub it accepts (API.md): a token for any other would be a 403.
  if (!isCallerId(sub)) {
    throw new TokenRequestError(`sub is required: 1 to ${maxSubjectLength} visible ASCII characters`);
  }
  if (scope !== undefined && (typeof scope !== "string" || !SCOPE_PATTERN.test(scope))) {
    throw new TokenRequestError('scope must be a string of space-separated scopes, e.g. "app/admin"');
  }
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== "number" ||
      !Number.isInteger(expiresIn) ||
      expiresIn < 1 ||
      expiresIn > tokenLifetime.maxSeconds)
  ) {
    throw new TokenRequestError(
      `expiresIn must be an integer number of seconds from 1 to ${tokenLifetime.maxSeconds}`,
    );
  }
  return {
    sub,
    expiresIn: expiresIn ?? tokenLifetime.defaultSeconds,
    ...(scope === undefined ? {} : { scope }),
  };
}
