import { createHmac, createPublicKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { temporaryTokenIssuer } from "../../../test/support/token-issuers.js";
import { localOrigin, localPrefix } from "../../runtime/index.js";
import { signWithIssuerKey, type TokenIssuer } from "../services/token-issuer.js";
import { type AuthorizerDecision, createJwtAuthorizer, type JwtAuthorizer } from "./authorizer.js";

const ISSUER = `${localOrigin()}${localPrefix}`;
const AUDIENCE = "portico-local";

let issuer: TokenIssuer;
let kid: string;
let authorize: JwtAuthorizer;

beforeAll(async () => {
  const temporary = await temporaryTokenIssuer("authorizer", { issuer: ISSUER, audience: AUDIENCE });
  issuer = temporary.issuer;
  kid = issuer.jwks().keys[0]?.kid ?? "";
  authorize = createJwtAuthorizer({ issuer: ISSUER, audience: ["another-app", AUDIENCE], keys: issuer });
  return temporary.remove;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Valid claims for the authorizer, with `overrides` applied; an `undefined` override removes the claim. */
function claimsWith(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  const claims: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "alice",
    iat: now,
    exp: now + 300,
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

const signed = (overrides: Record<string, unknown> = {}) => signWithIssuerKey(issuer, claimsWith(overrides));

/** A compact JWS with any header and signature, for tokens no library will produce. */
function handMade(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  sign: (input: string) => string,
) {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
  return `${input}.${sign(input)}`;
}

function expectUnauthorized(decision: AuthorizerDecision, description?: string): void {
  expect(decision).toMatchObject({ allowed: false, status: 401, body: { message: "Unauthorized" } });
  if (decision.allowed) return;
  const challenge = decision.headers["www-authenticate"];
  if (description === undefined) expect(challenge).toBe("Bearer");
  else expect(challenge).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
}

describe("a valid token", () => {
  it("from the local issuer passes, bare or after Bearer", async () => {
    const { access_token } = await issuer.issue({ sub: "alice", scope: "app/admin" });
    for (const header of [access_token, `Bearer ${access_token}`, `bearer  ${access_token} `]) {
      const decision = await authorize(header, []);
      expect(decision).toMatchObject({ allowed: true, scopes: null, claims: { sub: "alice", iss: ISSUER } });
    }
  });

  it("hands the Lambda its claims stringified as API Gateway does", async () => {
    const iat = nowSeconds();
    const token = await signed({
      exp: iat + 300,
      iat,
      "cognito:groups": ["admin", "poweruser"],
      amount: 12.5,
      email_verified: true,
      address: { street: "1 Main St", zip: "12345" },
      nickname: null,
      mixed: [1, false, null, { a: 1 }, ["x", "y"]],
    });
    const decision = await authorize(`Bearer ${token}`, []);
    expect(decision).toEqual({
      allowed: true,
      scopes: null,
      claims: {
        iss: ISSUER,
        aud: AUDIENCE,
        sub: "alice",
        exp: String(iat + 300),
        iat: String(iat),
        "cognito:groups": "[admin poweruser]",
        amount: "12.5",
        email_verified: "true",
        address: '{"street":"1 Main St","zip":"12345"}',
        mixed: '[1 false <nil> {"a":1} [x y]]',
      },
    });
  });

  it("with an array aud passes when one of its entries is a configured audience", async () => {
    const decision = await authorize(await signed({ aud: ["someone-else", AUDIENCE] }), []);
    expect(decision).toMatchObject({ allowed: true, claims: { aud: `[someone-else ${AUDIENCE}]` } });
  });

  it("signed with any RSA algorithm passes when the JWKS key does not pin one", async () => {
    const { alg: _pinned, ...unpinned } = issuer.jwks().keys[0] as JWK;
    const authorizeAnyRsa = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: { jwks: () => ({ keys: [unpinned] }) },
    });
    for (const alg of ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]) {
      const token = await signWithIssuerKey(issuer, claimsWith(), { alg });
      expect(await authorizeAnyRsa(token, []), alg).toMatchObject({ allowed: true });
    }
  });

  it("is checked against a remote JWKS URL, fetched over HTTP", async () => {
    const server: Server = createServer((request, response) => {
      void issuer.handle(request, response).then((handled) => {
        if (!handled) response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const remote = createJwtAuthorizer({
        issuer: ISSUER,
        audience: [AUDIENCE],
        keys: { jwksUri: `http://127.0.0.1:${port}/_local/.well-known/jwks.json` },
      });
      expect(await remote(await signed(), [])).toMatchObject({ allowed: true });
      expectUnauthorized(
        await remote(await signWithIssuerKey(issuer, claimsWith(), { kid: "unknown" }), []),
        "the token has no kid matching a key of the issuer",
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("rejections with 401", () => {
  it.each([
    ["an absent header", undefined],
    ["an empty header", ""],
    ["a bare Bearer", "Bearer "],
  ])("refuses %s with the bare Bearer challenge", async (_, header) => {
    expectUnauthorized(await authorize(header, []));
  });

  it.each([
    ["garbage", "garbage"],
    ["three garbage segments", "a.b.c"],
    ["a JWE-shaped value", "eyJhbGciOiJSUzI1NiJ9.a.b.c.d"],
    ["a token with a non-JSON header", `${base64url.encode("nope")}.e30.sig`],
  ])("refuses %s as malformed", async (_, header) => {
    expectUnauthorized(await authorize(`Bearer ${header}`, []), "the token is malformed");
  });

  /** A valid token from the issuer, with its signature segment rewritten. */
  const withSignature = async (rewrite: (signature: string) => string) => {
    const [header, payload, signature] = (await signed()).split(".") as [string, string, string];
    return `${header}.${payload}.${rewrite(signature)}`;
  };
  /** The last base64url character with its unused low bits changed: the same bytes, another text. */
  const lastCharBitsFlipped = (signature: string) => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(signature.at(-1) as string);
    return `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
  };

  it.each([
    ["== padding after the signature", (s: string) => `${s}==`],
    ["a space and padding after the signature", (s: string) => `${s} ==`],
    ["a space inside the signature", (s: string) => `${s.slice(0, 10)} ${s.slice(10)}`],
    ["a tab inside the signature", (s: string) => `${s.slice(0, 10)}\t${s.slice(10)}`],
    [
      "standard base64's + and / for base64url's - and _",
      (s: string) => s.replaceAll("-", "+").replaceAll("_", "/"),
    ],
    ["the signature's unused trailing bits changed", lastCharBitsFlipped],
  ])(
    "refuses a valid signature with %s as malformed: only strict compact form verifies",
    async (_, rewrite) => {
      const token = await withSignature(rewrite);
      expectUnauthorized(await authorize(`Bearer ${token}`, []), "the token is malformed");
    },
  );

  it("refuses padding or whitespace in the header and payload segments as malformed", async () => {
    const [header, payload, signature] = (await signed()).split(".") as [string, string, string];
    for (const token of [
      `${header}=.${payload}.${signature}`,
      `${header}.${payload}==.${signature}`,
      `${header}. ${payload}.${signature}`,
    ]) {
      expectUnauthorized(await authorize(`Bearer ${token}`, []), "the token is malformed");
    }
  });

  it("refuses two tokens joined by a comma, as two Authorization headers arrive", async () => {
    const token = await signed();
    expectUnauthorized(await authorize(`Bearer ${token},Bearer ${token}`, []), "the token is malformed");
  });

  it("refuses a forged signature from another RSA key under the issuer's kid", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(claimsWith()).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey);
    expectUnauthorized(await authorize(forged, []), "the token signature is invalid");
  });

  it("refuses a valid token whose signature was tampered with", async () => {
    const token = await signed();
    const [header, payload] = token.split(".");
    const other = (await signed({ sub: "mallory" })).split(".")[2];
    expectUnauthorized(
      await authorize(`${header}.${payload}.${other}`, []),
      "the token signature is invalid",
    );
  });

  it("refuses a token whose payload was swapped under a valid signature", async () => {
    const [header, , signature] = (await signed()).split(".");
    const payload = base64url.encode(JSON.stringify(claimsWith({ sub: "mallory" })));
    expectUnauthorized(
      await authorize(`${header}.${payload}.${signature}`, []),
      "the token signature is invalid",
    );
  });

  it("refuses alg none", async () => {
    const token = handMade({ alg: "none", kid, typ: "JWT" }, claimsWith(), () => "");
    expectUnauthorized(await authorize(token, []), "signing method none is invalid");
  });

  it("refuses HS256 signed with the issuer's public key as the HMAC secret (key confusion)", async () => {
    const publicJwk = issuer.jwks().keys[0] as JWK;
    const publicPem = createPublicKey({ key: publicJwk as import("node:crypto").JsonWebKey, format: "jwk" })
      .export({ type: "spki", format: "pem" })
      .toString();
    for (const secret of [publicPem, JSON.stringify(publicJwk), publicJwk.n ?? ""]) {
      const token = handMade({ alg: "HS256", kid, typ: "JWT" }, claimsWith(), (input) =>
        createHmac("sha256", secret).update(input).digest("base64url"),
      );
      expectUnauthorized(await authorize(token, []), "signing method HS256 is invalid");
    }
  });

  it("refuses ES256, even under the issuer's kid", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT(claimsWith()).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
    expectUnauthorized(await authorize(token, []), "signing method ES256 is invalid");
  });

  it("refuses a kid that is not in the JWKS", async () => {
    const token = await signWithIssuerKey(issuer, claimsWith(), { kid: "not-the-issuers" });
    expectUnauthorized(await authorize(token, []), "the token has no kid matching a key of the issuer");
  });

  it("refuses a token without kid even when the JWKS holds a single key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const onlyKey = await exportJWK(publicKey);
    const single = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: { jwks: () => ({ keys: [{ ...onlyKey, alg: "RS256" }] }) },
    });
    const token = await new SignJWT(claimsWith()).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
    expectUnauthorized(await single(token, []), "the token has no kid matching a key of the issuer");
  });

  it("refuses, without throwing, when the remote JWKS cannot be reached", async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: { jwksUri: `http://127.0.0.1:${port}/_local/.well-known/jwks.json` },
    });
    expectUnauthorized(
      await unreachable(await signed(), []),
      "the issuer's signing keys could not be retrieved",
    );
  });

  it("refuses an expired token", async () => {
    expectUnauthorized(await authorize(await signed({ exp: nowSeconds() - 1 }), []), "the token has expired");
  });

  it("treats exp as expired from its own second on, and nbf and iat as valid from theirs", async () => {
    const at = 1_800_000_000;
    const atSecond = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: issuer,
      now: () => at * 1000,
    });
    expectUnauthorized(await atSecond(await signed({ iat: at - 10, exp: at }), []), "the token has expired");
    expect(await atSecond(await signed({ iat: at, nbf: at, exp: at + 1 }), [])).toMatchObject({
      allowed: true,
    });
    const justAfter = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: issuer,
      now: () => at * 1000 - 1,
    });
    expectUnauthorized(
      await justAfter(await signed({ iat: at - 10, nbf: at, exp: at + 10 }), []),
      "the token is not valid yet",
    );
  });

  it("refuses a token without exp", async () => {
    expectUnauthorized(
      await authorize(await signed({ exp: undefined }), []),
      "the token does not have a valid exp claim",
    );
  });

  it("refuses a token that is not valid yet (nbf in the future)", async () => {
    expectUnauthorized(
      await authorize(await signed({ nbf: nowSeconds() + 60 }), []),
      "the token is not valid yet",
    );
  });

  it("refuses a token issued in the future", async () => {
    expectUnauthorized(
      await authorize(await signed({ iat: nowSeconds() + 60 }), []),
      "the token was issued in the future",
    );
  });

  it.each([
    ["another issuer", "https://evil.example.com/_local"],
    ["the issuer with a trailing slash", `${ISSUER}/`],
    ["no issuer", undefined],
  ])("refuses %s", async (_, iss) => {
    expectUnauthorized(await authorize(await signed({ iss }), []), "the token does not have a valid issuer");
  });

  it.each([
    ["a wrong aud", { aud: "someone-else" }],
    ["an aud array without a configured audience", { aud: ["a", "b"] }],
    ["an empty aud array", { aud: [] }],
    ["neither aud nor client_id", { aud: undefined }],
    ["a wrong client_id without aud", { aud: undefined, client_id: "someone-else" }],
    ["a wrong aud even with a right client_id (aud wins)", { aud: "someone-else", client_id: AUDIENCE }],
  ])("refuses %s", async (_, overrides) => {
    expectUnauthorized(
      await authorize(await signed(overrides), []),
      "the token does not have a valid audience",
    );
  });

  it("accepts client_id as the audience when aud is absent (Cognito access tokens)", async () => {
    const decision = await authorize(
      await signed({ aud: undefined, client_id: AUDIENCE, token_use: "access" }),
      [],
    );
    expect(decision).toMatchObject({ allowed: true, claims: { client_id: AUDIENCE } });
  });

  it("accepts a right aud even with a wrong client_id (aud wins)", async () => {
    expect(await authorize(await signed({ client_id: "someone-else" }), [])).toMatchObject({ allowed: true });
  });

  it("answers any string as Authorization header with a 401 decision, never a throw", async () => {
    const segment = fc.string({ unit: fc.constantFrom(..."ABCabc012-_=.+/ "), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.tuple(segment, segment, segment).map((parts) => `Bearer ${parts.join(".")}`),
          fc.jsonValue().map((value) => `Bearer ${base64url.encode(JSON.stringify(value))}.e30.`),
        ),
        async (header) => {
          const decision = await authorize(header, ["app/admin"]);
          expect(decision).toMatchObject({ allowed: false, status: 401, body: { message: "Unauthorized" } });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("route scopes", () => {
  it("answers 403 Forbidden, without a challenge, when the token has none of the route's scopes", async () => {
    const decision = await authorize(await signed({ scope: "app/read openid" }), ["app/admin"]);
    expect(decision).toEqual({ allowed: false, status: 403, headers: {}, body: { message: "Forbidden" } });
  });

  it("answers 403 when the token carries no scope at all", async () => {
    expect(await authorize(await signed(), ["app/admin"])).toMatchObject({ allowed: false, status: 403 });
  });

  it("checks the token before the scopes: an expired token is 401 even on a scoped route", async () => {
    const decision = await authorize(await signed({ exp: nowSeconds() - 1, scope: "x" }), ["app/admin"]);
    expectUnauthorized(decision, "the token has expired");
  });

  it("allows a token with one of the route's scopes and lists all of the token's scopes", async () => {
    const decision = await authorize(await signed({ scope: "openid app/admin  app/read" }), [
      "app/write",
      "app/admin",
    ]);
    expect(decision).toMatchObject({ allowed: true, scopes: ["openid", "app/admin", "app/read"] });
  });

  it.each([
    ["an scp array", ["app/admin", "openid"]],
    ["an scp string", "app/admin openid"],
  ])("reads the scopes from %s when there is no scope claim", async (_, scp) => {
    const decision = await authorize(await signed({ scp }), ["app/admin"]);
    expect(decision).toMatchObject({ allowed: true, scopes: ["app/admin", "openid"] });
  });

  it("passes scopes as null on a route without scopes, even when the token has some", async () => {
    const { access_token } = await issuer.issue({ sub: "alice", scope: "app/admin" });
    expect(await authorize(access_token, [])).toMatchObject({ allowed: true, scopes: null });
  });

  it("allows a scoped route with a token from the local issuer", async () => {
    const { access_token } = await issuer.issue({ sub: "alice", scope: "app/admin" });
    expect(await authorize(`Bearer ${access_token}`, ["app/admin"])).toMatchObject({
      allowed: true,
      scopes: ["app/admin"],
      claims: { scope: "app/admin", token_use: "access", client_id: AUDIENCE },
    });
  });
});

describe("a token seen before", () => {
  /** An RSA key under `kid`, its public JWK, and a signer of claims with it. */
  async function rsaKey(kidOf: string) {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: kidOf, alg: "RS256", use: "sig" };
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: kidOf }).sign(privateKey);
    return { jwk, sign };
  }

  it("is checked against the clock on every request: it expires, and becomes valid at its nbf", async () => {
    let nowMs = 1_800_000_000_000;
    const at = nowMs / 1000;
    const clocked = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: issuer,
      now: () => nowMs,
    });
    const token = await signed({ iat: at - 10, nbf: at + 5, exp: at + 60 });
    expectUnauthorized(await clocked(token, []), "the token is not valid yet");
    nowMs += 5_000;
    expect(await clocked(token, [])).toMatchObject({ allowed: true });
    expect(await clocked(token, ["app/admin"])).toMatchObject({ allowed: false, status: 403 });
    nowMs += 55_000;
    expectUnauthorized(await clocked(token, []), "the token has expired");
  });

  it("is verified again once the issuer's keys change: a rotated-out key's token is refused", async () => {
    const first = await rsaKey("first");
    const second = await rsaKey("second");
    let jwks = { keys: [first.jwk] };
    const rotating = createJwtAuthorizer({
      issuer: ISSUER,
      audience: [AUDIENCE],
      keys: { jwks: () => jwks },
    });
    const token = await first.sign(claimsWith());
    expect(await rotating(token, [])).toMatchObject({ allowed: true });
    jwks = { keys: [second.jwk] };
    expectUnauthorized(await rotating(token, []), "the token has no kid matching a key of the issuer");
    // The same kid with other key material: the signature no longer verifies.
    jwks = { keys: [{ ...second.jwk, kid: "first" }] };
    expectUnauthorized(await rotating(token, []), "the token signature is invalid");
    jwks = { keys: [first.jwk, second.jwk] };
    expect(await rotating(token, [])).toMatchObject({ allowed: true });
  });

  it("is still refused when a byte of it differs: only the exact token string is known", async () => {
    const token = await signed();
    expect(await authorize(token, [])).toMatchObject({ allowed: true });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.at(-1)}`;
    expectUnauthorized(
      await authorize(`${header}.${payload}.${flipped}`, []),
      "the token signature is invalid",
    );
  });
});
