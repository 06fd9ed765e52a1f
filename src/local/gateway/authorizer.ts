/**
 * API Gateway HTTP API's JWT authorizer, reproduced for the local gateway (AWS-FACTS §4.1).
 *
 * It runs the checks in AWS's documented order (token → decode → RSA algorithm and signature against the
 * issuer's JWKS, with a matching `kid` → `iss` → `aud`/`client_id` → `exp` → `nbf` → `iat` → route scopes)
 * and answers as AWS does: `401 {"message":"Unauthorized"}` with a `www-authenticate` challenge for any
 * token or claim failure, `403 {"message":"Forbidden"}` for a valid token lacking the route's scopes, and
 * on success the claims and scopes exactly as API Gateway hands them to the Lambda
 * (`requestContext.authorizer.jwt`).
 *
 * Time checks use no clock tolerance (see {@link CLOCK_TOLERANCE_SECONDS}).
 */
import {
  type CryptoKey,
  compactVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWK,
  type JWSHeaderParameters,
  type ProtectedHeaderParameters,
} from "jose";
// `tokenScopes`: the one scope rule, shared with the functions so both read a token alike (API.md, Authentication).
import { gatewayErrors, tokenScopes as scopesOf } from "../../runtime/index.js";
import { createVerifiedTokens } from "./verified-tokens.js";

export interface JwtAuthorizerOptions {
  /** Compared to the token's `iss` as an exact string, as API Gateway does. */
  readonly issuer: string;
  /** The token's `aud` (or, without `aud`, its `client_id`) must be one of these. */
  readonly audience: readonly string[];
  /**
   * Where the public keys come from: a JWKS provider (the local issuer, in-process; called on each
   * request) or a URL (any OIDC issuer; cached for up to an hour and re-fetched on an unknown `kid`).
   */
  readonly keys: { readonly jwks: () => { keys: JWK[] } } | { readonly jwksUri: string };
  /** @default Date.now — injectable for tests. */
  readonly now?: () => number;
}

/** The gateway errors an authorizer refuses with. */
type Refusal = (typeof gatewayErrors)["unauthorized" | "forbidden"];

export type AuthorizerDecision =
  | { readonly allowed: true; readonly claims: Record<string, string>; readonly scopes: string[] | null }
  | {
      readonly allowed: false;
      readonly status: Refusal["status"];
      /** Only the authorizer's own headers; the gateway sends `body` as `application/json`. */
      readonly headers: Record<string, string>;
      readonly body: { message: Refusal["message"] };
    };

export type JwtAuthorizer = (
  authorization: string | undefined,
  routeScopes: readonly string[],
) => Promise<AuthorizerDecision>;

/**
 * AWS documents `exp` as "after the current time" and `nbf`/`iat` as "before the current time", with no
 * leeway. The local issuer shares the gateway's clock, so no tolerance is needed and none is applied: a
 * token is expired from its `exp` second on, and `nbf`/`iat` may equal the current second.
 */
export const CLOCK_TOLERANCE_SECONDS = 0;

/** "Only RSA-based algorithms are supported" (AWS): `none`, HMAC and EC tokens are refused before any key use. */
const RSA_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

/** AWS's JWKS endpoint timeout (quotas page). */
const JWKS_TIMEOUT_MS = 1500;
/** REST API's documented key cache lifetime ("up to 1 hour"); HTTP API does not document one. */
const JWKS_CACHE_MAX_AGE_MS = 60 * 60 * 1000;

type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey>;

/**
 * Creates an authorizer for one issuer and audience list; call it with the request's Authorization header
 * and the route's `authorizationScopes`. It never throws: every failure is a decision.
 *
 * @example
 * const authorize = createJwtAuthorizer({ issuer: issuer.issuer, audience: [issuer.audience], keys: issuer });
 * const decision = await authorize(request.headers.authorization, ["app/admin"]);
 */
export function createJwtAuthorizer(options: JwtAuthorizerOptions): JwtAuthorizer {
  const now = options.now ?? Date.now;
  const audiences = new Set(options.audience);
  const keys = keyResolver(options.keys);
  const verifiedTokens = createVerifiedTokens();

  /** Steps 2 and 3, which depend on the token and the key set alone: its claims, or the refusal. */
  async function verify(token: string, resolveKey: KeyResolver): Promise<Verification> {
    const refuse = (description: string): Verification => ({
      verified: false,
      refusal: unauthorized(description),
    });

    // Step 2: decode. A value that is not a compact JWS is refused before any key is looked at.
    if (!isStrictCompactJws(token)) return refuse("the token is malformed");
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refuse("the token is malformed");
    }

    // Step 3: algorithm, key and signature. The alg is checked first so an HS256 token signed with the
    // public key as HMAC secret (key confusion) or `alg: none` never reaches a verifier.
    if (typeof header.alg !== "string" || !RSA_ALGORITHMS.includes(header.alg)) {
      // Named as AWS names it, but only when it looks like an algorithm: token data never reaches
      // the challenge header unchecked.
      return refuse(
        typeof header.alg === "string" && /^[A-Za-z0-9]{1,16}$/.test(header.alg)
          ? `signing method ${header.alg} is invalid`
          : "the token's signing method is invalid",
      );
    }
    // AWS requires the kid to match a JWKS key; jose alone would accept a kid-less token when the set
    // holds a single key.
    if (typeof header.kid !== "string" || header.kid.length === 0) {
      return refuse("the token has no kid matching a key of the issuer");
    }
    let payloadBytes: Uint8Array;
    try {
      ({ payload: payloadBytes } = await compactVerify(token, resolveKey, { algorithms: RSA_ALGORITHMS }));
    } catch (error) {
      return refuse(describeVerificationFailure(error));
    }
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(payloadBytes));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError();
      return { verified: true, claims: parsed as Record<string, unknown> };
    } catch {
      return refuse("the token is malformed");
    }
  }

  return async (authorization, routeScopes) => {
    // Step 1: the identity source. API Gateway accepts the bare token or `Bearer <token>`.
    const token = extractToken(authorization);
    if (token === undefined) return unauthorized();

    // Steps 2 and 3 once per token and key set: the same token string under the same keys verifies
    // the same way every time (see verified-tokens.ts). The time and scope checks run on each request.
    const keySet = keys.current();
    let claims = verifiedTokens.get(token, keySet, now());
    if (claims === undefined) {
      const verification = await verify(token, keySet ?? keys.resolve);
      if (!verification.verified) return verification.refusal;
      claims = verification.claims;
      verifiedTokens.remember(token, keySet, verification.claims, now());
    }

    // Step 4: claims, in AWS's order.
    if (claims.iss !== options.issuer) return unauthorized("the token does not have a valid issuer");
    if (!hasValidAudience(claims, audiences)) return unauthorized("the token does not have a valid audience");
    const nowMs = now();
    const tolerance = CLOCK_TOLERANCE_SECONDS * 1000;
    if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) {
      return unauthorized("the token does not have a valid exp claim");
    }
    if (claims.exp * 1000 <= nowMs - tolerance) return unauthorized("the token has expired");
    if (claims.nbf !== undefined) {
      if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) {
        return unauthorized("the token does not have a valid nbf claim");
      }
      if (claims.nbf * 1000 > nowMs + tolerance) return unauthorized("the token is not valid yet");
    }
    if (claims.iat !== undefined) {
      if (typeof claims.iat !== "number" || !Number.isFinite(claims.iat)) {
        return unauthorized("the token does not have a valid iat claim");
      }
      if (claims.iat * 1000 > nowMs + tolerance) return unauthorized("the token was issued in the future");
    }

    // Scopes: AWS passes `scopes: null` to the Lambda when the route requires none, even if the token has some.
    if (routeScopes.length === 0) return { allowed: true, claims: stringifyClaims(claims), scopes: null };
    const tokenScopes = scopesOf(claims);
    if (!routeScopes.some((scope) => tokenScopes.includes(scope))) return forbidden();
    return { allowed: true, claims: stringifyClaims(claims), scopes: tokenScopes };
  };
}

type Verification =
  | { readonly verified: true; readonly claims: Record<string, unknown> }
  | { readonly verified: false; readonly refusal: AuthorizerDecision };

/**
 * Claims as API Gateway passes them in `requestContext.authorizer.jwt.claims`: every value a string.
 * Numbers and booleans are stringified (`"exp": "1718722804"`), arrays become `[a b]`, objects JSON text,
 * and null-valued claims are left out.
 */
export function stringifyClaims(claims: Record<string, unknown>): Record<string, string> {
  // Object.fromEntries defines own properties, so a `__proto__` claim stays a claim.
  return Object.fromEntries(
    Object.entries(claims)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, stringifyClaim(value)]),
  );
}

function stringifyClaim(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    // The bracketed, space-separated form is Go's `%v` of a slice, which is also why a null element
    // prints as `<nil>` (not observed on AWS; chosen for consistency with that format).
    return `[${value.map((element) => (element === null ? "<nil>" : stringifyClaim(element))).join(" ")}]`;
  }
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** `aud` (a string or an array) decides when present; `client_id` is consulted only when `aud` is absent. */
function hasValidAudience(claims: Record<string, unknown>, audiences: ReadonlySet<string>): boolean {
  const { aud, client_id: clientId } = claims;
  if (aud !== undefined) {
    if (typeof aud === "string") return audiences.has(aud);
    return Array.isArray(aud) && aud.some((value) => typeof value === "string" && audiences.has(value));
  }
  return typeof clientId === "string" && audiences.has(clientId);
}

/** An unsecured JWS (`alg: none`) has an empty signature: it is refused by its algorithm, next. */
const compactJws = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/**
 * RFC 7515 §7.1's compact form, strictly: three base64url segments without padding or
 * whitespace, each the one canonical encoding of its bytes. Lenient decoders skip `=`, spaces and a
 * last character's unused bits, so without this one signature would verify under many spellings.
 */
function isStrictCompactJws(token: string): boolean {
  const segments = compactJws.exec(token);
  if (segments === null) return false;
  return segments
    .slice(1)
    .every((segment) => Buffer.from(segment, "base64url").toString("base64url") === segment);
}

function extractToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  // Whitespace around a field value is not part of it (RFC 9110 §5.5); inside the token none is allowed.
  const value = authorization.trim();
  const token = value.replace(/^bearer(?:\s+|$)/i, "");
  return token.length === 0 ? undefined : token;
}

/**
 * The issuer's keys: `resolve` finds a token's key; `current` is the key set in use now, as an
 * object whose identity changes whenever the keys do (a rotation), or `undefined` for a remote
 * JWKS, which jose re-fetches on its own schedule — its tokens are verified on every request.
 */
function keyResolver(keys: JwtAuthorizerOptions["keys"]): {
  readonly resolve: KeyResolver;
  readonly current: () => KeyResolver | undefined;
} {
  if ("jwksUri" in keys) {
    const remote = createRemoteJWKSet(new URL(keys.jwksUri), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    });
    return { resolve: remote, current: () => undefined };
  }
  // The provider is read on every request (it may rotate); the imported set is rebuilt only when it changes.
  let lastJwks: { keys: JWK[] } | undefined;
  let lastJson: string | undefined;
  let lastSet: ReturnType<typeof createLocalJWKSet> | undefined;
  const current = () => {
    const jwks = keys.jwks();
    // The same object as last time needs no comparison: the per-request path stays cheap.
    if (lastSet === undefined || jwks !== lastJwks) {
      const json = JSON.stringify(jwks);
      if (lastSet === undefined || json !== lastJson) lastSet = createLocalJWKSet(jwks);
      lastJwks = jwks;
      lastJson = json;
    }
    return lastSet;
  };
  return { resolve: (header) => current()(header), current };
}

/** Maps jose's stable error codes (never messages) to a challenge description. */
function describeVerificationFailure(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "the token has no kid matching a key of the issuer";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "the token signature is invalid";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "the token's signing method is invalid";
    case "ERR_JWS_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "the token is malformed";
    default:
      // JWKS fetch timeouts, unreachable or invalid key sets: the request cannot be authorized either way.
      return "the issuer's signing keys could not be retrieved";
  }
}

function unauthorized(description?: string): AuthorizerDecision {
  // AWS's challenge format, e.g. `Bearer scope="" error="invalid_token" error_description="the token has
  // expired"`; a request without a token gets the bare scheme.
  const challenge =
    description === undefined
      ? "Bearer"
      : `Bearer scope="" error="invalid_token" error_description="${description.replaceAll('"', "'")}"`;
  const { status, message } = gatewayErrors.unauthorized;
  return { allowed: false, status, headers: { "www-authenticate": challenge }, body: { message } };
}

function forbidden(): AuthorizerDecision {
  const { status, message } = gatewayErrors.forbidden;
  return { allowed: false, status, headers: {}, body: { message } };
}
