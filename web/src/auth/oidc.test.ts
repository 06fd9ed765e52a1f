import { describe, expect, it } from "vitest";
import {
  base64Url,
  beginSignIn,
  codeChallenge,
  completeSignIn,
  discover,
  isCallback,
  type OidcConfig,
  pendingKey,
  randomToken,
  SignInError,
} from "./oidc.js";

const config: OidcConfig = {
  issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
  clientId: "web-client",
  redirectUri: "http://localhost:5173/",
  scope: "openid email profile",
};
const hostedUi = "https://planner-dev.auth.eu-west-1.amazoncognito.com";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: "RS256" })}.${part(claims)}.c2ln`;
}

/** A stand-in issuer: its discovery document, and a token endpoint that records what it was sent. */
function issuer(
  options: { documentIssuer?: string; tokens?: Record<string, unknown>; status?: number } = {},
) {
  const exchanges: URLSearchParams[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    if (url === `${config.issuer}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: options.documentIssuer ?? config.issuer,
        authorization_endpoint: `${hostedUi}/oauth2/authorize`,
        token_endpoint: `${hostedUi}/oauth2/token`,
      });
    }
    if (url === `${hostedUi}/oauth2/token` && init?.method === "POST") {
      exchanges.push(new URLSearchParams(String(init.body)));
      return Response.json(options.tokens ?? {}, { status: options.status ?? 200 });
    }
    return new Response("not found", { status: 404 });
  };
  return { fetch, exchanges };
}

describe("PKCE", () => {
  // RFC 7636 Appendix B; checked independently with `openssl dgst -sha256 -binary | base64url`.
  it("derives RFC 7636 Appendix B's S256 challenge from its verifier", async () => {
    expect(await codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes 43-character base64url verifiers, a new one each time", () => {
    const [a, b] = [randomToken(), randomToken()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

describe("discovery", () => {
  it("refuses a document for another issuer, and an issuer that is not HTTPS", async () => {
    await expect(discover(config.issuer, issuer({ documentIssuer: "https://evil.example" }))).rejects.toThrow(
      SignInError,
    );
    await expect(discover("http://issuer.example", issuer())).rejects.toThrow(/not HTTPS/);
  });
});

describe("a sign-in", () => {
  it("sends the browser to the hosted UI with an S256 challenge of the verifier it keeps, then exchanges the code with it", async () => {
    const storage = memoryStorage();
    const stub = issuer();
    const authorize = new URL(await beginSignIn(config, { fetch: stub.fetch, storage }));
    const pending = JSON.parse(storage.items.get(pendingKey) ?? "{}") as Record<string, string>;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${hostedUi}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: "code",
      client_id: "web-client",
      redirect_uri: "http://localhost:5173/",
      scope: "openid email profile",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.verifier as string),
      code_challenge_method: "S256",
    });

    const tokens = issuer({
      tokens: {
        access_token: jwt({ sub: "0b5e-ada", client_id: "web-client" }),
        id_token: jwt({ sub: "0b5e-ada", email: "ada@example.com", nonce: pending.nonce }),
        expires_in: 3600,
        token_type: "Bearer",
      },
    });
    const callback = new URL(`http://localhost:5173/?code=the-code&state=${pending.state}`);
    expect(isCallback(callback)).toBe(true);
    const signedIn = await completeSignIn(callback, config, { fetch: tokens.fetch, storage });
    expect(signedIn).toMatchObject({ sub: "0b5e-ada", label: "ada@example.com" });
    expect(signedIn.expiresAt).toBeGreaterThan(Date.now());
    expect(Object.fromEntries(tokens.exchanges[0] ?? [])).toEqual({
      grant_type: "authorization_code",
      code: "the-code",
      redirect_uri: "http://localhost:5173/",
      client_id: "web-client",
      code_verifier: pending.verifier,
    });
    expect(storage.items.has(pendingKey)).toBe(false);
  });

  it("refuses a callback whose state this tab did not make, without exchanging its code, and uses a state once", async () => {
    const storage = memoryStorage();
    const stub = issuer();
    await beginSignIn(config, { fetch: stub.fetch, storage });
    const forged = new URL("http://localhost:5173/?code=attacker-code&state=forged");
    await expect(completeSignIn(forged, config, { fetch: stub.fetch, storage })).rejects.toThrow(
      /state does not match/,
    );
    expect(stub.exchanges).toEqual([]);
    expect(storage.items.has(pendingKey)).toBe(false);
  });

  it("says why when the hosted UI answers an error, or the ID token's nonce is another sign-in's", async () => {
    const storage = memoryStorage();
    await beginSignIn(config, { fetch: issuer().fetch, storage });
    const { state } = JSON.parse(storage.items.get(pendingKey) ?? "{}") as { state: string };
    const denied = new URL(
      `http://localhost:5173/?error=access_denied&error_description=No+way&state=${state}`,
    );
    await expect(completeSignIn(denied, config, { fetch: issuer().fetch, storage })).rejects.toThrow(
      "The sign-in was refused: No way.",
    );

    await beginSignIn(config, { fetch: issuer().fetch, storage });
    const again = JSON.parse(storage.items.get(pendingKey) ?? "{}") as { state: string };
    const replayed = issuer({
      tokens: { access_token: jwt({ sub: "s" }), id_token: jwt({ sub: "s", nonce: "other" }) },
    });
    const callback = new URL(`http://localhost:5173/?code=c&state=${again.state}`);
    await expect(completeSignIn(callback, config, { fetch: replayed.fetch, storage })).rejects.toThrow(
      /nonce/,
    );
  });

  it("says the code could not be exchanged when the token endpoint refuses it", async () => {
    const storage = memoryStorage();
    await beginSignIn(config, { fetch: issuer().fetch, storage });
    const { state } = JSON.parse(storage.items.get(pendingKey) ?? "{}") as { state: string };
    const refusing = issuer({ tokens: { error: "invalid_grant" }, status: 400 });
    await expect(
      completeSignIn(new URL(`http://localhost:5173/?code=c&state=${state}`), config, {
        fetch: refusing.fetch,
        storage,
      }),
    ).rejects.toThrow("The code could not be exchanged for tokens (invalid_grant). Sign in again.");
  });
});
