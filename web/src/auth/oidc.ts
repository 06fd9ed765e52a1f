/**
 * Signing in with an OpenID Connect issuer's hosted UI (Cognito's, on AWS): the authorization code
 * flow with PKCE (RFC 7636, S256) for a public client, which holds no secret. The issuer's endpoints
 * come from its discovery document; the state, verifier and nonce of a sign-in under way are kept in
 * the tab's sessionStorage, and used once.
 */

export interface OidcConfig {
  /** The issuer URL; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Where the hosted UI sends the browser back to: one of the app client's callback URLs. */
  readonly redirectUri: string;
  /** Space-separated scopes, e.g. `openid email profile`. */
  readonly scope: string;
}

/** What the flow needs from the browser, passed in so it runs (and is tested) anywhere. */
export interface OidcEnvironment {
  readonly fetch: typeof fetch;
  readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
}

/** The endpoints of an issuer's discovery document (OpenID Connect Discovery 1.0 §3). */
export interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

/** The tokens of a completed sign-in. */
export interface SignedIn {
  /** Sent to the API as `Authorization: Bearer`. */
  readonly accessToken: string;
  readonly idToken?: string;
  /** Epoch milliseconds after which the access token is no longer valid. */
  readonly expiresAt: number;
  /** The caller's id, the tokens' `sub`. */
  readonly sub: string;
  /** A name to show: the ID token's `email`, else `sub`. */
  readonly label: string;
}

/** A sign-in that cannot go on; its message says why, for a person. */
export class SignInError extends Error {
  override readonly name = "SignInError";
}

/** The sessionStorage key of a sign-in under way. */
export const pendingKey = "portico.oidc.pending";

interface Pending {
  readonly state: string;
  readonly verifier: string;
  readonly nonce: string;
}

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs write bytes. */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** `bytes` random bytes as base64url: 32 give a 43-character PKCE verifier (RFC 7636 §4.1). */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Plain HTTP only for the local machine; every other endpoint must be HTTPS. */
function assertSecure(url: string, what: string): void {
  const parsed = new URL(url);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new SignInError(`The issuer's ${what} ${url} is not HTTPS.`);
  }
}

/** Reads the issuer's discovery document, which must name this very issuer (Discovery §4.3). */
export async function discover(issuer: string, env: Pick<OidcEnvironment, "fetch">): Promise<Discovery> {
  const base = issuer.replace(/\/+$/, "");
  assertSecure(base, "URL");
  const response = await env.fetch(`${base}/.well-known/openid-configuration`);
  if (!response.ok) throw new SignInError(`The issuer's discovery document answered ${response.status}.`);
  const document = (await response.json()) as Partial<Record<keyof Discovery, unknown>>;
  if (document.issuer !== base) {
    throw new SignInError(`The discovery document is for ${String(document.issuer)}, not ${base}.`);
  }
  const { authorization_endpoint: authorize, token_endpoint: token } = document;
  if (typeof authorize !== "string" || typeof token !== "string") {
    throw new SignInError("The discovery document names no authorization or token endpoint.");
  }
  assertSecure(authorize, "authorization endpoint");
  assertSecure(token, "token endpoint");
  return { issuer: base, authorization_endpoint: authorize, token_endpoint: token };
}

/**
 * Starts a sign-in: keeps a fresh state, verifier and nonce for this tab and returns the hosted UI's
 * URL to send the browser to.
 */
export async function beginSignIn(config: OidcConfig, env: OidcEnvironment): Promise<string> {
  const { authorization_endpoint } = await discover(config.issuer, env);
  const pending: Pending = { state: randomToken(), verifier: randomToken(), nonce: randomToken() };
  env.storage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** Whether `url` is the hosted UI sending the browser back (with a code or an error). */
export function isCallback(url: URL): boolean {
  return url.searchParams.has("state") && (url.searchParams.has("code") || url.searchParams.has("error"));
}

/**
 * Completes a sign-in on the callback URL: the state must be the one this tab kept (else another
 * page started it: CSRF), the code is exchanged at the token endpoint with the verifier, and the ID
 * token must carry the nonce. The pending sign-in is removed whatever happens, so it is used once.
 */
export async function completeSignIn(url: URL, config: OidcConfig, env: OidcEnvironment): Promise<SignedIn> {
  const stored = env.storage.getItem(pendingKey);
  env.storage.removeItem(pendingKey);
  const pending = stored === null ? undefined : (JSON.parse(stored) as Pending);
  const state = url.searchParams.get("state");
  if (pending === undefined || state !== pending.state) {
    throw new SignInError(
      "This sign-in was not started from this tab (its state does not match). Sign in again.",
    );
  }
  const error = url.searchParams.get("error");
  if (error !== null) {
    throw new SignInError(`The sign-in was refused: ${url.searchParams.get("error_description") ?? error}.`);
  }
  const code = url.searchParams.get("code") ?? "";
  const { token_endpoint } = await discover(config.issuer, env);
  const response = await env.fetch(token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
    throw new SignInError(`The code could not be exchanged for tokens (${reason}). Sign in again.`);
  }
  const idToken = typeof body.id_token === "string" ? body.id_token : undefined;
  const idClaims = idToken === undefined ? undefined : jwtClaims(idToken);
  if (idClaims !== undefined && idClaims.nonce !== pending.nonce) {
    throw new SignInError("The ID token is not for this sign-in (its nonce does not match). Sign in again.");
  }
  const accessClaims = jwtClaims(body.access_token);
  const sub = typeof accessClaims.sub === "string" ? accessClaims.sub : String(idClaims?.sub ?? "");
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    ...(idToken === undefined ? {} : { idToken }),
    expiresAt: Date.now() + expiresIn * 1000,
    sub,
    label: typeof idClaims?.email === "string" ? idClaims.email : sub,
  };
}

/**
 * The claims of a JWT, unverified: the token came straight from the token endpoint over TLS (OpenID
 * Connect Core §3.1.3.7), and the API verifies every access token it gets.
 */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (payload === undefined) return {};
  try {
    const binary = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
