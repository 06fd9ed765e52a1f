/**
 * OWASP API2:2023, broken authentication (API.md, Authentication; AWS-FACTS §4.1). Every hostile or
 * malformed token family is sent as a write (`POST /users/{sub}/todos` for a real user): the
 * gateway answers `401 {"message":"Unauthorized"}` with its challenge, and the owner's todo list
 * stays empty, so no function ran. Beside each family, the nearest token that is valid passes, so a
 * refusal is for the flaw and not for something else in the token.
 */
import { createHmac, createPublicKey, type JsonWebKey } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { signWithIssuerKey } from "../../src/local/services/token-issuer.js";
import { useLocalStack } from "../files/local-stack.js";
import { expectGatewayError } from "../support/problems.js";
import { rawRequest } from "../support/raw-http.js";
import { replyOf, send } from "./support.js";

const stack = useLocalStack();
let owner = "";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { issuer, audience } = stack().server.tokenIssuer;
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: audience, sub: owner, iat: now, exp: now + 600, ...extra };
}

/** Claims without the named ones. */
function claimsWithout(...names: string[]): Record<string, unknown> {
  const all = claims();
  for (const name of names) delete all[name];
  return all;
}

const signed = (payload: Record<string, unknown>, header = {}) =>
  signWithIssuerKey(stack().server.tokenIssuer, payload, header);

function issuerKid(): string {
  return stack().server.tokenIssuer.jwks().keys[0]?.kid as string;
}

/** A write as the owner with `authorization` as the whole header value. */
function write(authorization: string | undefined) {
  return send(stack(), `/users/${owner}/todos`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ title: "written with a hostile token" }),
  });
}

async function expectUnauthorized(authorization: string | undefined): Promise<void> {
  const reply = await write(authorization);
  expectGatewayError(reply, 401, "Unauthorized");
  expect(reply.headers["content-type"]).toBe("application/json");
  expect(reply.headers["www-authenticate"]).toMatch(/^Bearer/);
}

async function expectAccepted(token: string): Promise<void> {
  const reply = await send(stack(), `/users/${owner}`, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.status, reply.text).toBe(200);
}

beforeAll(async () => {
  owner = await stack().newUser("owner");
});

describe("API2 authentication", () => {
  it("accepts the issuer's own token and the nearest valid variants (the controls)", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await signed(claims()),
      await signed(claims({ exp: now + 600.5 })),
      await signed(claims({ nbf: now - 1 })),
      await signed(claims({ aud: ["someone-else", stack().server.tokenIssuer.audience] })),
      await signed({ ...claimsWithout("aud"), client_id: stack().server.tokenIssuer.audience }),
    ]) {
      await expectAccepted(token);
    }
  });

  it("refuses a missing, empty or non-Bearer Authorization header", async () => {
    const token = await signed(claims());
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      `Basic ${token}`,
      `Token ${token}`,
      `Bearer ${token} x`,
    ]) {
      await expectUnauthorized(header);
    }
  });

  it("refuses alg none, with or without a signature", async () => {
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}`;
    await expectUnauthorized(`Bearer ${unsigned}.`);
    await expectUnauthorized(`Bearer ${unsigned}`);
    const real = (await signed(claims())).split(".")[2];
    await expectUnauthorized(`Bearer ${unsigned}.${real}`);
    for (const alg of ["None", "NONE", "nOnE"]) {
      await expectUnauthorized(`Bearer ${b64({ alg, kid: issuerKid() })}.${b64(claims())}.`);
    }
  });

  it("refuses HS256 signed with the issuer's public key as the HMAC secret (key confusion)", async () => {
    const jwk = stack().server.tokenIssuer.jwks().keys[0] as JWK;
    const publicKey = createPublicKey({
      key: jwk as JsonWebKey,
      format: "jwk",
    });
    const secrets = [
      publicKey.export({ type: "spki", format: "pem" }),
      publicKey.export({ type: "pkcs1", format: "pem" }),
      publicKey.export({ type: "spki", format: "der" }),
      JSON.stringify(jwk),
      jwk.n as string,
    ];
    for (const alg of ["HS256", "HS384", "HS512"]) {
      for (const secret of secrets) {
        const input = `${b64({ alg, kid: jwk.kid, typ: "JWT" })}.${b64(claims())}`;
        const hash = `sha${alg.slice(2)}`;
        const mac = createHmac(hash, secret).update(input).digest("base64url");
        await expectUnauthorized(`Bearer ${input}.${mac}`);
      }
    }
  });

  it("refuses a foreign RSA key under the issuer's kid, and keys the token itself points at", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const foreign = await exportJWK(publicKey);
    const kid = issuerKid();
    const headers = [
      { kid },
      { kid, jku: "http://127.0.0.1:9/jwks.json" },
      { kid, x5u: "http://127.0.0.1:9/cert.pem" },
      { kid, jwk: foreign },
      { jwk: { ...foreign, kid } },
      { kid: "foreign" },
    ];
    for (const header of headers) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: "RS256", typ: "JWT", ...header })
        .sign(privateKey);
      await expectUnauthorized(`Bearer ${token}`);
    }
  });

  it("refuses the issuer's own signature under a kid that is absent, empty or names no key", async () => {
    for (const kid of [
      undefined,
      "",
      "../../keys/token-issuer.json",
      `${issuerKid()} `,
      issuerKid().toUpperCase(),
    ]) {
      await expectUnauthorized(`Bearer ${await signed(claims(), { kid })}`);
    }
  });

  it("refuses exp now, in the past, missing, or not a number", async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      now,
      now - 1,
      now - 3600,
      now - 0.5,
      String(now + 600),
      null,
      true,
      [now + 600],
      { n: now + 600 },
    ];
    for (const exp of bad) await expectUnauthorized(`Bearer ${await signed(claims({ exp }))}`);
    await expectUnauthorized(`Bearer ${await signed(claimsWithout("exp"))}`);
  });

  it("refuses nbf and iat in the future or of another type", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const nbf of [now + 60, now + 3600, String(now - 60), null, [now - 60]]) {
      await expectUnauthorized(`Bearer ${await signed(claims({ nbf }))}`);
    }
    for (const iat of [now + 60, String(now), [now]]) {
      await expectUnauthorized(`Bearer ${await signed(claims({ iat }))}`);
    }
  });

  it("never fails on a huge exp: the token is either valid or refused", async () => {
    for (const exp of [1e20, Number.MAX_SAFE_INTEGER, 1e308]) {
      const reply = await write(`Bearer ${await signed(claims({ exp }))}`);
      expect([201, 401], reply.text).toContain(reply.status);
      if (reply.status === 201) {
        const todoId = reply.json.todoId as string;
        expect((await replyOf(await stack().call(owner, "DELETE", `/users/me/todos/${todoId}`))).status).toBe(
          204,
        );
      }
    }
  });

  it("refuses every audience but the app's own: case, trailing slash, arrays without it, aud over client_id", async () => {
    const audience = stack().server.tokenIssuer.audience;
    for (const aud of [
      audience.toUpperCase(),
      `${audience}/`,
      ` ${audience}`,
      ["someone-else"],
      [],
      [[audience]],
      7,
      null,
      "",
    ]) {
      await expectUnauthorized(`Bearer ${await signed(claims({ aud }))}`);
    }
    await expectUnauthorized(`Bearer ${await signed(claims({ aud: "someone-else", client_id: audience }))}`);
    await expectUnauthorized(`Bearer ${await signed(claimsWithout("aud"))}`);
  });

  it("refuses every issuer but the exact one: case, trailing slash, an array, missing", async () => {
    const issuer = stack().server.tokenIssuer.issuer;
    for (const iss of [
      issuer.toUpperCase(),
      `${issuer}/`,
      issuer.replace("127.0.0.1", "localhost"),
      [issuer],
      null,
      "",
    ]) {
      await expectUnauthorized(`Bearer ${await signed(claims({ iss }))}`);
    }
    await expectUnauthorized(`Bearer ${await signed(claimsWithout("iss"))}`);
  });

  it("refuses non-canonical encodings of a valid token: padding, standard base64, extra or missing segments", async () => {
    const token = await signed(claims());
    const [header = "", payload = "", signature = ""] = token.split(".");
    const standard = (segment: string) => Buffer.from(segment, "base64url").toString("base64");
    const variants = [
      `${header}=.${payload}.${signature}`,
      `${header}.${payload}==.${signature}`,
      `${header}.${payload}.${signature}=`,
      `${standard(header)}.${standard(payload)}.${standard(signature)}`,
      `${header}.${payload}.${signature.replaceAll("-", "+").replaceAll("_", "/")}x`,
      `${token}.`,
      `${token}.${signature}`,
      `${header}.${payload}`,
      `${header}..${signature}`,
      `${header}.${payload}.${signature}.${header}.${payload}`,
      `${header}. ${payload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
    ];
    for (const variant of variants) await expectUnauthorized(`Bearer ${variant}`);
  });

  it("reads the scheme case-insensitively and trims the header, but allows no whitespace inside the token", async () => {
    const token = await signed(claims());
    for (const header of [
      `bearer ${token}`,
      `BEARER ${token}`,
      `Bearer  ${token}`,
      `Bearer ${token} `,
      token,
    ]) {
      const reply = await send(stack(), `/users/${owner}`, { headers: { authorization: header } });
      expect(reply.status, header.slice(0, 12)).toBe(200);
    }
    const [header = "", payload = "", signature = ""] = token.split(".");
    await expectUnauthorized(`Bearer ${header}.${payload} .${signature}`);
    await expectUnauthorized(`Bearer ${header}.${payload.slice(0, 10)} ${payload.slice(10)}.${signature}`);
  });

  it("refuses two Authorization headers, even two valid ones", async () => {
    const token = await signed(claims());
    const body = Buffer.from(JSON.stringify({ title: "written with two headers" }));
    const reply = await rawRequest(
      Number(new URL(stack().server.url).port),
      [
        `POST /v1/users/${owner}/todos HTTP/1.1`,
        `Host: ${new URL(stack().server.url).host}`,
        `Authorization: Bearer ${token}`,
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        `Content-Length: ${body.length}`,
        "Connection: close",
      ],
      body,
    );
    expect([reply.status, JSON.parse(reply.body.toString())]).toEqual([401, { message: "Unauthorized" }]);
  });

  it("ran no function for any refused token: the owner's todo list is still empty", async () => {
    const reply = await replyOf(await stack().call(owner, "GET", "/users/me/todos"));
    expect(reply.status).toBe(200);
    expect(reply.json.items).toEqual([]);
  });
});
