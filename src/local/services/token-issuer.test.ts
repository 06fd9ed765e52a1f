import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { temporaryTokenIssuer } from "../../../test/support/token-issuers.js";
import { localOrigin, localPrefix } from "../../runtime/index.js";
import { createTokenIssuer, signWithIssuerKey, type TokenIssuer } from "./token-issuer.js";

const ISSUER = `${localOrigin()}${localPrefix}`;
const AUDIENCE = "portico-local";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-token-issuer-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const keyFile = () => join(dataDir, "keys", "token-issuer.json");
const create = () => createTokenIssuer({ dataDir, issuer: ISSUER, audience: AUDIENCE });

describe("the key pair", () => {
  it("is generated once, persisted privately, and reused by a later issuer on the same dataDir", async () => {
    const first = await create();
    const stored = await readFile(keyFile(), "utf8");
    const second = await create();

    expect(second.jwks()).toEqual(first.jwks());
    expect(await readFile(keyFile(), "utf8")).toBe(stored);
    const kid = first.jwks().keys[0]?.kid;
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url SHA-256 thumbprint (RFC 7638)
    expect(JSON.parse(stored)).toMatchObject({ kty: "RSA", kid, alg: "RS256", d: expect.any(String) });
    if (process.platform !== "win32") expect((await stat(keyFile())).mode & 0o777).toBe(0o600);
  });

  it("tokens signed by one issuer verify against the JWKS of a later issuer on the same dataDir", async () => {
    const { access_token } = await (await create()).issue({ sub: "alice" });
    const later = await create();
    await expect(jwtVerify(access_token, createLocalJWKSet(later.jwks()))).resolves.toBeDefined();
  });

  it("gives one key to issuers started concurrently on a fresh dataDir", async () => {
    const issuers = await Promise.all([create(), create(), create()]);
    const kids = new Set(issuers.map((issuer) => issuer.jwks().keys[0]?.kid));
    expect(kids.size).toBe(1);
  });

  it.each([
    ["not JSON", "{ this is not json"],
    ["not an RSA private key", JSON.stringify({ kty: "EC", crv: "P-256", x: "a", y: "b" })],
    ["a public key only", JSON.stringify({ kty: "RSA", n: "AQAB", e: "AQAB" })],
  ])(
    "refuses a corrupt key file (%s) with an error naming the file and telling to delete it",
    async (_, text) => {
      await create();
      await writeFile(keyFile(), text);
      const failure = create();
      await expect(failure).rejects.toMatchObject({ name: "TokenIssuerKeyFileError" });
      await expect(failure).rejects.toThrow(keyFile());
      await expect(failure).rejects.toThrow(/Delete it/);
    },
  );
});

describe("the discovery and JWKS documents", () => {
  it("publishes only the public half of the key", async () => {
    const { keys } = (await create()).jwks();
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB", n: expect.any(String) });
    for (const privateMember of ["d", "p", "q", "dp", "dq", "qi"])
      expect(key).not.toHaveProperty(privateMember);
  });

  it("points the discovery document at the issuer's JWKS and token endpoints", async () => {
    expect((await create()).openidConfiguration()).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      token_endpoint: `${ISSUER}/token`,
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: expect.any(Array),
      subject_types_supported: ["public"],
      scopes_supported: expect.any(Array),
      grant_types_supported: expect.any(Array),
    });
  });

  it("rejects an issuer that is not an absolute URL", async () => {
    await expect(createTokenIssuer({ dataDir, issuer: "/_local", audience: AUDIENCE })).rejects.toThrow(
      /absolute URL/,
    );
  });
});

describe("issue", () => {
  it("signs an RS256 access token with the documented claims", async () => {
    const issuer = await create();
    const before = Math.floor(Date.now() / 1000);
    const issued = await issuer.issue({ sub: "alice", scope: "app/admin app/read", expiresIn: 600 });

    expect(issued).toMatchObject({ token_type: "Bearer", expires_in: 600 });
    const { payload, protectedHeader } = await jwtVerify(
      issued.access_token,
      createLocalJWKSet(issuer.jwks()),
      {
        issuer: ISSUER,
        audience: AUDIENCE,
      },
    );
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: issuer.jwks().keys[0]?.kid });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: "alice",
      scope: "app/admin app/read",
      token_use: "access",
      client_id: AUDIENCE,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp).toBe((payload.iat ?? 0) + 600);
  });

  it("leaves scope out unless asked and defaults to a one-hour lifetime", async () => {
    const issued = await (await create()).issue({ sub: "bob" });
    const { payload } = await jwtVerify(issued.access_token, createLocalJWKSet((await create()).jwks()));
    expect(payload).not.toHaveProperty("scope");
    expect(issued.expires_in).toBe(3600);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it("gives every token its own jti", async () => {
    const issuer = await create();
    const ids = await Promise.all(
      [1, 2, 3].map(async () => {
        const { payload } = await jwtVerify(
          (await issuer.issue({ sub: "a" })).access_token,
          createLocalJWKSet(issuer.jwks()),
        );
        return payload.jti;
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it.each([
    [{ sub: "" }, /sub/],
    [{ sub: "x".repeat(129) }, /sub/],
    [{ sub: "ali ce" }, /sub/],
    [{ sub: "alicé" }, /sub/],
    [{ sub: "a", expiresIn: 0 }, /expiresIn/],
    [{ sub: "a", expiresIn: 86_401 }, /expiresIn/],
    [{ sub: "a", expiresIn: 1.5 }, /expiresIn/],
    [{ sub: "a", scope: "" }, /scope/],
    [{ sub: "a", scope: 'bad"scope' }, /scope/],
  ])("refuses the invalid request %j, naming the field", async (request, field) => {
    await expect((await create()).issue(request)).rejects.toThrow(field);
  });

  it("signWithIssuerKey signs exactly the given claims with the issuer's key", async () => {
    const issuer = await create();
    const token = await signWithIssuerKey(issuer, { sub: "x", groups: ["a", "b"] });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: "RS256",
      kid: issuer.jwks().keys[0]?.kid,
      typ: "JWT",
    });
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()));
    expect(payload).toEqual({ sub: "x", groups: ["a", "b"] });
  });

  it("signWithIssuerKey lets the header be overridden, including another RSA algorithm", async () => {
    const issuer = await create();
    const token = await signWithIssuerKey(issuer, { sub: "x" }, { alg: "PS256", kid: "another" });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "PS256", kid: "another" });
  });
});

describe("handle, over HTTP on 127.0.0.1", () => {
  let issuer: TokenIssuer;
  let server: Server;
  let origin: string;
  let removeIssuer: () => Promise<void>;

  beforeAll(async () => {
    ({ issuer, remove: removeIssuer } = await temporaryTokenIssuer("token-issuer-http", {
      issuer: ISSUER,
      audience: AUDIENCE,
    }));
    server = createServer((request, response) => {
      issuer.handle(request, response).then(
        (handled) => {
          if (!handled) response.writeHead(404, { "x-routed": "elsewhere" }).end();
        },
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await removeIssuer();
  });

  const postToken = (body: string) =>
    fetch(`${origin}/_local/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });

  it("answers POST /_local/token with a bearer token", async () => {
    const response = await postToken(JSON.stringify({ sub: "alice", scope: "app/admin", expiresIn: 3600 }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, access_token: expect.any(String) });
    const { payload } = await jwtVerify(String(body.access_token), createLocalJWKSet(issuer.jwks()));
    expect(payload).toMatchObject({ sub: "alice", scope: "app/admin" });
  });

  it.each([
    ["a missing sub", JSON.stringify({ scope: "app/admin" }), "sub"],
    ["a non-integer expiresIn", JSON.stringify({ sub: "alice", expiresIn: "3600" }), "expiresIn"],
    ["an out-of-range expiresIn", JSON.stringify({ sub: "alice", expiresIn: 86_401 }), "expiresIn"],
    ["an unknown field", JSON.stringify({ sub: "alice", admin: true }), "admin"],
    ["a non-JSON body", "sub=alice", "JSON"],
    ["an empty body", "", "JSON"],
    ["a JSON array", "[]", "JSON object"],
  ])("answers 400 invalid_request for %s, naming the problem", async (_, body, named) => {
    const response = await postToken(body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as Record<string, unknown>;
    expect(json.error).toBe("invalid_request");
    expect(json.error_description).toContain(named);
  });

  it("serves the discovery document and the public JWKS", async () => {
    const discovery = await fetch(`${origin}/_local/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toEqual(issuer.openidConfiguration());
    const jwks = await fetch(`${origin}/_local/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(await jwks.json()).toEqual(issuer.jwks());
  });

  it("answers a wrong method with 405 and the allowed ones", async () => {
    const get = await fetch(`${origin}/_local/token`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const post = await fetch(`${origin}/_local/.well-known/jwks.json`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it.each(["/v1/accounts", "/_local", "/_local/tokens", "/token", "/_local/.well-known/other"])(
    "leaves %s to the caller by returning false",
    async (path) => {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("x-routed")).toBe("elsewhere");
    },
  );
});
