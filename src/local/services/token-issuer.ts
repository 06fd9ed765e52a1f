/**
 * The local OIDC-style token issuer: what Cognito (or any OIDC provider) is on AWS, for the dev server.
 *
 * It signs RS256 access tokens with one RSA key pair kept in `<dataDir>/keys/token-issuer.json`, publishes
 * the public half as a JWKS and an OpenID discovery document, and serves the `/_local/*` endpoints that
 * API.md's Authentication section makes a contract. The local gateway's JWT authorizer verifies these
 * tokens exactly as API Gateway verifies Cognito's, so nothing in the request path knows it is local.
 *
 * The key pair is persisted (not regenerated per start) so tokens survive a dev-server restart, and its
 * `kid` is the RFC 7638 thumbprint, so the same key always has the same id.
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWSHeaderParameters,
  SignJWT,
} from "jose";
import { isCallerId, jsonMediaType, maxSubjectLength } from "../../runtime/index.js";
import { noSniffHeader, noStoreHeader } from "../own-response-headers.js";

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

export interface IssueRequest {
  /** The subject (the user id the API sees): 1 to 128 visible ASCII characters. */
  readonly sub: string;
  /** Space-separated scopes (RFC 6749 §3.3), e.g. `planner/admin`; @default no `scope` claim */
  readonly scope?: string;
  /** Lifetime in seconds, an integer from 1 to 86400; @default 3600 */
  readonly expiresIn?: number;
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

/** The key file exists but cannot be used as the issuer's key. */
export class TokenIssuerKeyFileError extends Error {
  override readonly name = "TokenIssuerKeyFileError";
  readonly code = "local.tokenIssuer.keyFile";
}

/** A token request is invalid; `error_description` names the offending field (RFC 6749 §5.2). */
export class TokenRequestError extends Error {
  override readonly name = "TokenRequestError";
  readonly code = "local.tokenIssuer.invalidRequest";
  readonly error = "invalid_request";
}

/** The options themselves are unusable (not a URL, empty audience). */
export class TokenIssuerOptionsError extends Error {
  override readonly name = "TokenIssuerOptionsError";
  readonly code = "local.tokenIssuer.options";
}

const ALG = "RS256";
const DEFAULT_EXPIRES_IN = 3600;
const MAX_EXPIRES_IN = 86_400;
/** A token request is a few dozen bytes; anything much larger is a mistake, not a token request. */
const MAX_BODY_BYTES = 16 * 1024;
/** RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*NQCHAR. */
const SCOPE_PATTERN = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;
const REQUEST_FIELDS = new Set(["sub", "scope", "expiresIn"]);
const RSA_PRIVATE_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const;

interface IssuerKey {
  readonly kid: string;
  /** Imported for RS256, the algorithm the issuer signs with. */
  readonly privateKey: CryptoKey;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** Private keys by issuer, so only {@link signWithIssuerKey} (in this module) can reach them. */
const privateKeys = new WeakMap<TokenIssuer, IssuerKey>();

/**
 * Creates the issuer, loading its key pair from `dataDir` or generating and persisting one.
 *
 * @example
 * const issuer = await createTokenIssuer({ dataDir: ".portico", issuer: "http://127.0.0.1:3000/_local", audience: "portico-local" });
 * const { access_token } = await issuer.issue({ sub: "alice", scope: "planner/admin" });
 */
export async function createTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  const { issuer, audience } = options;
  let base: string;
  try {
    base = new URL(issuer).pathname.replace(/\/+$/, "");
  } catch (error) {
    throw new TokenIssuerOptionsError(
      `The token issuer needs an absolute URL as issuer, received ${JSON.stringify(issuer)} ` +
        '(e.g. "http://127.0.0.1:3000/_local").',
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
  const urlBase = issuer.replace(/\/+$/, "");
  const paths = {
    discovery: `${base}/.well-known/openid-configuration`,
    jwks: `${base}/.well-known/jwks.json`,
    token: `${base}/token`,
  };

  const key = await loadOrCreateKey(join(options.dataDir, "keys", "token-issuer.json"));

  const tokenIssuer: TokenIssuer = {
    issuer,
    audience,

    jwks: () => ({ keys: [{ ...key.publicJwk }] }),

    openidConfiguration: () => ({
      issuer,
      jwks_uri: `${urlBase}/.well-known/jwks.json`,
      token_endpoint: `${urlBase}/token`,
      // There is no authorization endpoint: tokens are minted directly for any `sub` (local use only),
      // with a grant type of our own so no OAuth client mistakes this for a standard flow.
      grant_types_supported: ["urn:portico:params:oauth:grant-type:local"],
      token_endpoint_auth_methods_supported: ["none"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: [ALG],
      token_endpoint_auth_signing_alg_values_supported: [ALG],
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
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: "JWT" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + valid.expiresIn)
        .sign(key.privateKey);
      return { access_token: accessToken, token_type: "Bearer", expires_in: valid.expiresIn };
    },

    handle: async (request, response) => {
      const path = new URL(request.url ?? "/", "http://localhost").pathname;
      if (path === paths.discovery || path === paths.jwks) {
        if (request.method !== "GET" && request.method !== "HEAD") {
          sendJson(response, 405, methodNotAllowed(request.method), { allow: "GET, HEAD" });
          return true;
        }
        const document = path === paths.jwks ? tokenIssuer.jwks() : tokenIssuer.openidConfiguration();
        sendJson(response, 200, document, {}, request.method === "HEAD");
        return true;
      }
      if (path === paths.token) {
        if (request.method !== "POST") {
          sendJson(response, 405, methodNotAllowed(request.method), { allow: "POST", ...noStore });
          return true;
        }
        await handleTokenRequest(request, response);
        return true;
      }
      return false;
    },
  };

  async function handleTokenRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // JSON only: a cross-site page can POST text/plain, a form or multipart without a preflight (a
    // "simple request"), but not application/json — so no page can mint a token by posting here.
    if (!isJsonUtf8(request.headers["content-type"])) {
      request.resume();
      sendJson(
        response,
        415,
        invalidRequest('the body must be JSON sent as Content-Type: application/json, like {"sub":"alice"}'),
        noStore,
      );
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      sendJson(
        response,
        413,
        invalidRequest(`the body must be at most ${MAX_BODY_BYTES} bytes of JSON`),
        noStore,
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      sendJson(response, 400, invalidRequest('the body must be a JSON object like {"sub":"alice"}'), noStore);
      return;
    }
    try {
      const issued = await tokenIssuer.issue(parsed as IssueRequest);
      sendJson(response, 200, issued, { ...noStore, pragma: "no-cache" });
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      sendJson(response, 400, invalidRequest(error.message), noStore);
    }
  }

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
  const protectedHeader = { alg: ALG, kid: key.kid, typ: "JWT", ...header };
  // A WebCrypto key is bound to one algorithm: another RSA alg (RS384, PS256…) needs its own import.
  const signingKey =
    protectedHeader.alg === ALG ? key.privateKey : await importJWK(key.privateJwk, protectedHeader.alg);
  return new SignJWT(claims).setProtectedHeader(protectedHeader).sign(signingKey);
}

function validateIssueRequest(request: unknown): { sub: string; scope?: string; expiresIn: number } {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new TokenRequestError('the body must be a JSON object like {"sub":"alice"}');
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
    throw new TokenRequestError('scope must be a string of space-separated scopes, e.g. "planner/admin"');
  }
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== "number" ||
      !Number.isInteger(expiresIn) ||
      expiresIn < 1 ||
      expiresIn > MAX_EXPIRES_IN)
  ) {
    throw new TokenRequestError(`expiresIn must be an integer number of seconds from 1 to ${MAX_EXPIRES_IN}`);
  }
  return {
    sub,
    expiresIn: expiresIn ?? DEFAULT_EXPIRES_IN,
    ...(scope === undefined ? {} : { scope }),
  };
}

async function loadOrCreateKey(file: string): Promise<IssuerKey> {
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new TokenIssuerKeyFileError(
        `Cannot read the token issuer's key file ${file}: ${String(error)}.`,
        {
          cause: error,
        },
      );
    }
  }
  if (text !== undefined) return parseKeyFile(file, text);

  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  const content = `${JSON.stringify({ ...privateJwk, kid, alg: ALG, use: "sig" }, null, 2)}\n`;

  // Written to a private temporary file, then hard-linked into place: the link fails if another process
  // created the key first (we then use theirs), and no reader ever sees a half-written key.
  await mkdir(join(file, ".."), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode: 0o600, flag: "wx" });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseKeyFile(file, await readFile(file, "utf8"));
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return parseKeyFile(file, content);
}

async function parseKeyFile(file: string, text: string): Promise<IssuerKey> {
  const corrupt = (reason: string, cause?: unknown) =>
    new TokenIssuerKeyFileError(
      `The token issuer's key file ${file} is unusable (${reason}). Delete it and restart: a new key pair ` +
        "is generated, and tokens signed with the old key stop being accepted.",
      cause === undefined ? undefined : { cause },
    );
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch (error) {
    throw corrupt("not JSON", error);
  }
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw corrupt("not a JSON object");
  const members = jwk as Record<string, unknown>;
  if (members.kty !== "RSA") throw corrupt(`kty is ${JSON.stringify(members.kty)}, expected "RSA"`);
  const missing = RSA_PRIVATE_MEMBERS.filter((name) => typeof members[name] !== "string");
  if (missing.length > 0) throw corrupt(`not an RSA private JWK: missing ${missing.join(", ")}`);

  const privateJwk: JWK = Object.fromEntries(RSA_PRIVATE_MEMBERS.map((name) => [name, members[name]]));
  privateJwk.kty = "RSA";
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(privateJwk, ALG)) as CryptoKey;
  } catch (error) {
    throw corrupt("the key cannot be imported", error);
  }
  // The kid is recomputed rather than trusted from the file: it must always be the key's thumbprint.
  const publicJwk: JWK = { kty: "RSA", n: privateJwk.n as string, e: privateJwk.e as string };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, privateJwk, publicJwk: { ...publicJwk, kid, alg: ALG, use: "sig" } };
}

/** Resolves the body as text, or `undefined` when it exceeds {@link MAX_BODY_BYTES}. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining past the limit (so the client can read our answer) but stop buffering.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

/** RFC 6749 §5.1: no token endpoint response may be cached. */
const noStore: Record<string, string> = Object.fromEntries([noStoreHeader]);

/** `application/json` exactly, with no charset or UTF-8 (RFC 8259 §8.1), by the API's own parser. */
function isJsonUtf8(contentType: string | undefined): boolean {
  return jsonMediaType(contentType) === "application/json";
}

function invalidRequest(description: string) {
  return { error: "invalid_request", error_description: description };
}

function methodNotAllowed(method: string | undefined) {
  return { error: "invalid_request", error_description: `method ${method ?? "(none)"} is not allowed here` };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    [noSniffHeader[0]]: noSniffHeader[1],
    ...headers,
  });
  response.end(headOnly ? undefined : text);
}
