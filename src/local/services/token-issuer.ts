/**
 * The local OIDC-style token issuer: what Cognito (or any OIDC provider) is on AWS, for the dev server.
 *
 * It signs RS256 access tokens with one RSA key pair kept in `<dataDir>/keys/token-issuer.json`, publishes
 * the public half as a JWKS and an OpenID discovery document, and serves the `/_local/*` endpoints that
 * API.md's Authentication section makes a contract. The local gateway's JWT authorizer verifies these
 * tokens exactly as API Gateway verifies Cognito's, so nothing in the request path knows it is local.
 *
 * The key pair is persisted (token-issuer-key.ts) so tokens survive a dev-server restart; the
 * endpoints are token-endpoints.ts, the checks on a token request token-request.ts.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CompactSign, importJWK, type JWK, type JWSHeaderParameters, SignJWT } from "jose";
import { localOrigin, localPrefix } from "../../runtime/index.js";
import { createIssuerEndpoints, issuerPaths } from "./token-endpoints.js";
import { type IssuerKey, issuerAlgorithm, issuerKeyFile, loadOrCreateKey } from "./token-issuer-key.js";
import { type IssueRequest, TokenRequestError, validateIssueRequest } from "./token-request.js";

export { TokenIssuerKeyFileError } from "./token-issuer-key.js";
export { type IssueRequest, TokenRequestError };

export interface TokenIssuerOptions {
  /**
   * Folder for the persistent key pair, e.g. `.portico` → `.portico/keys/token-issuer.json` (private JWK,
   * mode 0600). Generated once (RSA 2048, RS256, kid = RFC 7638 thumbprint) and reused on later starts.
   */
  readonly dataDir: string;
  /** The `iss` of issued tokens and of the discovery document: e.g. `http://127.0.0.1:3000/_local`. */
  readonly issuer: string;
  /** The `aud` of issued tokens (the app's first audience). */
  readonly audience: string;
}

export interface IssuedToken {
  readonly access_token: string;
  readonly token_type: "Bearer";
  readonly expires_in: number;
}

export interface TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public JWKS (no private parts); a fresh copy on each call. */
  jwks(): { keys: JWK[] };
  /** The OpenID discovery document served at `{issuer}/.well-known/openid-configuration`. */
  openidConfiguration(): Record<string, unknown>;
  /** Signs an access token; throws {@link TokenRequestError} for an invalid request. */
  issue(request: IssueRequest): Promise<IssuedToken>;
  /**
   * Serves `GET {base}/.well-known/openid-configuration`, `GET {base}/.well-known/jwks.json` and
   * `POST {base}/token` (a JSON body only: 415 otherwise), where `base` is the issuer URL's path
   * (`/_local`). Resolves `false` without touching the response when the path is none of these, so
   * the caller routes elsewhere.
   */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

/** The options themselves are unusable (not a URL, empty audience). */
export class TokenIssuerOptionsError extends Error {
  override readonly name = "TokenIssuerOptionsError";
  readonly code = "local.tokenIssuer.options";
}

/** Private keys by issuer, so only {@link signWithIssuerKey} (in this module) can reach them. */
const privateKeys = new WeakMap<TokenIssuer, IssuerKey>();

/**
 * Creates the issuer, loading its key pair from `dataDir` or generating and persisting one.
 *
 * @example
 * const issuer = await createTokenIssuer({ dataDir: ".portico", issuer: "http://127.0.0.1:3000/_local", audience: "portico-local" });
 * const { access_token } = await issuer.issue({ sub: "alice", scope: "app/admin" });
 */
export async function createTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  const { issuer, audience } = options;
  let base: string;
  try {
    base = new URL(issuer).pathname.replace(/\/+$/, "");
  } catch (error) {
    throw new TokenIssuerOptionsError(
      `The token issuer needs an absolute URL as issuer, received ${JSON.stringify(issuer)} ` +
        `(e.g. "${localOrigin()}${localPrefix}").`,
      { cause: error },
    );
  }
  if (audience.length === 0) {
    throw new TokenIssuerOptionsError(
      "The token issuer needs a non-empty audience (the app's first audience).",
    );
  }
  // URLs are built without a doubled slash, while `iss` stays exactly as configured: API Gateway compares
  // the issuer as a plain string, so the authorizer must be configured with this same text.
  const urlBase = issuerPaths(issuer.replace(/\/+$/, ""));
  const key = await loadOrCreateKey(issuerKeyFile(options.dataDir));
  const core: Omit<TokenIssuer, "handle"> = {
    issuer,
    audience,

    jwks: () => ({ keys: [{ ...key.publicJwk }] }),

    openidConfiguration: () => ({
      issuer,
      jwks_uri: urlBase.jwks,
      token_endpoint: urlBase.token,
      // There is no authorization endpoint: tokens are minted directly for any `sub` (local use only),
      // with a grant type of our own so no OAuth client mistakes this for a standard flow.
      grant_types_supported: ["urn:portico:params:oauth:grant-type:local"],
      token_endpoint_auth_methods_supported: ["none"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: [issuerAlgorithm],
      token_endpoint_auth_signing_alg_values_supported: [issuerAlgorithm],
      // Any RFC 6749 scope is issued on request; only `openid` is advertised.
      scopes_supported: ["openid"],
      claims_supported: ["iss", "sub", "aud", "exp", "iat", "jti", "scope", "token_use", "client_id"],
    }),
    issue: async (request) => {
      const valid = validateIssueRequest(request);
      const iat = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        sub: valid.sub,
        // Cognito access tokens carry `token_use` and `client_id`; ID tokens carry `aud`. Both are set so the
        // token passes API Gateway's audience check either way (aud first, client_id only without aud).
        token_use: "access",
        client_id: audience,
        jti: randomUUID(),
        ...(valid.scope === undefined ? {} : { scope: valid.scope }),
      };
      const accessToken = await new SignJWT(payload)
        .setProtectedHeader({ alg: issuerAlgorithm, kid: key.kid, typ: "JWT" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + valid.expiresIn)
        .sign(key.privateKey);
      return { access_token: accessToken, token_type: "Bearer", expires_in: valid.expiresIn };
    },
  };
  const tokenIssuer: TokenIssuer = { ...core, handle: createIssuerEndpoints(core, base) };

  privateKeys.set(tokenIssuer, key);
  return tokenIssuer;
}

/**
 * For tests and tooling only: signs arbitrary claims with the issuer's private key, so a test can build a
 * token the issuer would never issue (array, nested or null claims, a past `exp`, another `iss`…).
 * Nothing is added to `claims`; the header defaults to `{ alg: "RS256", kid, typ: "JWT" }` and `header`
 * overrides it (an RSA `alg` only, as the key is RSA).
 */
export async function signWithIssuerKey(
  issuer: TokenIssuer,
  claims: Record<string, unknown>,
  header: Partial<JWSHeaderParameters> = {},
): Promise<string> {
  const key = privateKeys.get(issuer);
  if (key === undefined) throw new TypeError("signWithIssuerKey needs an issuer made by createTokenIssuer.");
  const protectedHeader = { alg: issuerAlgorithm, kid: key.kid, typ: "JWT", ...header };
  // A WebCrypto key is bound to one algorithm: another RSA alg (RS384, PS256…) needs its own import.
  const signingKey =
    protectedHeader.alg === issuerAlgorithm
      ? key.privateKey
      : await importJWK(key.privateJwk, protectedHeader.alg);
  // CompactSign, not SignJWT: SignJWT refuses a non-numeric `exp`, which is exactly what some tests send.
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(protectedHeader)
    .sign(signingKey);
}
