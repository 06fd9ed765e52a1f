/**
 * The one rule for a token's scopes, API Gateway's JWT authorizer's (API.md, Authentication;
 * AWS-FACTS §4.1): the `scope` claim split on single spaces (RFC 6749 §3.3), or, without
 * `scope`, the `scp` claim (an array, or a space-separated string). The local gateway reads the
 * raw claims with {@link tokenScopes}; the functions read their event with {@link eventScopes},
 * which never grants a scope that `tokenScopes` would not have granted from the raw token.
 *
 * Why the functions need care: API Gateway hands them every claim as a string (arrays as
 * `"[a b]"`, objects as JSON text, numbers and booleans as their text) and `jwt.scopes` only when
 * the route has scopes (else `null`). The string form is ambiguous, so:
 * - when `jwt.scopes` is a list, it is the gateway's own reading and is used as is;
 * - otherwise a claim is read only when it is certainly the token's own string. A bracketed value
 *   (`"[app/admin]"`) may be the string `[app/admin]` (the scope `[app/admin]`), the
 *   array `["app/admin"]` (the scope `app/admin`) or `["x app/admin"]` (the single
 *   scope `x app/admin`); no scope is granted by all three readings, so it grants none.
 *   Likewise a braced value (an object's JSON) and the text of a number or boolean grant none.
 *
 * Residual ambiguity, by design on the refusing side: a token whose scopes are an array (as
 * `scp` often is) has them in a function only on routes with scopes; on a route without, such a
 * token is treated as having no scopes (an admin with an `scp` array is not admin there), and a
 * string scope that looks like an array, object, number or boolean is not read either.
 */

/** `scope`, or `scp` without it; `null` counts as absent (API Gateway leaves null claims out). */
function scopeClaim(claims: Readonly<Record<string, unknown>>): unknown {
  return claims.scope ?? claims.scp;
}

/** A space-delimited scope string, split on single spaces; empty pieces name no scope. */
function splitScopes(value: string): string[] {
  return value.split(" ").filter((scope) => scope !== "");
}

/** The token's scopes from its raw (JSON-decoded) claims, exactly as API Gateway reads them. */
export function tokenScopes(claims: Readonly<Record<string, unknown>>): string[] {
  const source = scopeClaim(claims);
  if (typeof source === "string") return splitScopes(source);
  if (Array.isArray(source)) return source.filter((scope): scope is string => typeof scope === "string");
  return [];
}

/** JSON numbers as API Gateway or JavaScript print them (`12`, `-1.5`, `1e+21`). */
const numberText = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Whether a stringified claim could be the text of something other than a string claim. */
function mayBeStringifiedNonString(value: string): boolean {
  return (
    (value.startsWith("[") && value.endsWith("]")) ||
    (value.startsWith("{") && value.endsWith("}")) ||
    value === "true" ||
    value === "false" ||
    numberText.test(value)
  );
}

/** What a function sees of the authorizer: `requestContext.authorizer.jwt`. */
export interface JwtAuthorizerOutput {
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly scopes?: readonly string[] | null;
}

/**
 * The scopes a function may rely on, from its event: the gateway's own list when the route has
 * scopes, else only what the stringified claims say beyond doubt (see the module comment).
 */
export function eventScopes(jwt: JwtAuthorizerOutput | undefined): string[] {
  if (Array.isArray(jwt?.scopes)) return jwt.scopes.filter((scope) => typeof scope === "string");
  const source = scopeClaim(jwt?.claims ?? {});
  if (typeof source !== "string") {
    // Not stringified: a hand-made or replayed event carrying raw claims; read them as the gateway would.
    return tokenScopes(jwt?.claims ?? {});
  }
  return mayBeStringifiedNonString(source) ? [] : splitScopes(source);
}
