/**
 * The local gateway over real HTTP, with functions of known behaviour: what API Gateway answers
 * when a function throws, answers garbage or hangs, when a request is too large or too many, for
 * binary bodies, CORS and every JWT authorizer rejection.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtAuthorizer } from "../../src/local/gateway/authorizer.js";
import {
  type AccessLogEntry,
  answerClientError,
  createGateway,
  type GatewayRoute,
} from "../../src/local/gateway/gateway.js";
import { FunctionPool } from "../../src/local/gateway/invoker/function-pool.js";
import {
  createTokenIssuer,
  signWithIssuerKey,
  type TokenIssuer,
} from "../../src/local/services/token-issuer.js";
import { localHost, localPrefix } from "../../src/runtime/index.js";
import { httpRequest } from "../support/api.js";
import { rawRequest } from "../support/raw-http.js";

const behaviours = fileURLToPath(
  new URL("../../src/local/gateway/invoker/test-functions/behaviours.ts", import.meta.url),
);
const names = ["echo", "throws", "garbage", "hangs", "binary", "badHeader", "huge"] as const;
/** The integration timeout of the gateway that `slowBase` serves: shorter than `hangsLong`'s own. */
const shortIntegrationTimeoutMs = 300;

let server: Server;
let base: string;
let pool: FunctionPool;
let issuer: TokenIssuer;
let dataDir: string;
let recordDir: string;
let slow: { server: Server; base: string };
const accessLog: AccessLogEntry[] = [];

async function listen(
  handler: Parameters<typeof createServer>[1],
  throttled = false,
): Promise<{ server: Server; base: string }> {
  const instance = createServer(handler);
  instance.on("clientError", answerClientError);
  await new Promise<void>((resolve) => instance.listen(0, "127.0.0.1", resolve));
  return {
    server: instance,
    base: `http://127.0.0.1:${(instance.address() as AddressInfo).port}${throttled ? "" : ""}`,
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-gateway-"));
  recordDir = join(dataDir, "events");
  issuer = await createTokenIssuer({
    dataDir,
    issuer: `http://${localHost}${localPrefix}`,
    audience: "test-api",
  });
  pool = new FunctionPool([
    ...names.map((name) => ({
      name,
      module: behaviours,
      exportName: name,
      timeoutMs: name === "hangs" ? 300 : 5_000,
      environment: {},
    })),
    // A function whose own timeout is longer than the integration's (AWS caps the integration at 30 s).
    { name: "hangsLong", module: behaviours, exportName: "hangs", timeoutMs: 20_000, environment: {} },
  ]);
  const routes: GatewayRoute[] = [
    ...names.map((name) => ({
      routeKey: `POST /${name}`,
      functionName: name,
      authorized: false,
      scopes: [],
    })),
    { routeKey: "GET /private", functionName: "echo", authorized: true, scopes: [] },
    { routeKey: "GET /admin", functionName: "echo", authorized: true, scopes: ["test/admin"] },
    { routeKey: "GET /items/{id}", functionName: "echo", authorized: false, scopes: [] },
  ];
  ({ server, base } = await listen(
    createGateway({
      stage: "v1",
      routes,
      invoker: pool,
      authorizer: createJwtAuthorizer({
        issuer: issuer.issuer,
        audience: ["test-api"],
        keys: { jwks: () => issuer.jwks() },
      }),
      cors: {
        allowOrigins: ["http://localhost:*"],
        allowMethods: ["GET", "POST"],
        allowHeaders: ["authorization", "content-type"],
        exposeHeaders: ["etag"],
        maxAge: 300,
        allowCredentials: false,
      },
      recordEventsDir: recordDir,
      accessLog: (entry) => accessLog.push(entry),
    }),
  ));
  slow = await listen(
    createGateway({
      stage: "v1",
      routes: [{ routeKey: "POST /hangsLong", functionName: "hangsLong", authorized: false, scopes: [] }],
      invoker: pool,
      integrationTimeoutMs: shortIntegrationTimeoutMs,
      accessLog: (entry) => accessLog.push(entry),
    }),
  );
});

afterAll(async () => {
  for (const instance of [server, slow.server]) {
    instance.closeAllConnections();
    await new Promise((resolve) => instance.close(resolve));
  }
  await pool.close();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (path: string, body?: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1${path}`, { method: "POST", ...(body === undefined ? {} : { body }), headers });

async function expectGatewayError(response: Response, status: number, message: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.headers.get("apigw-requestid")).toMatch(/^[A-Za-z0-9]{15}=$/);
  // API.md: every response has it; the gateway's own answers get it from the gateway.
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(await response.json()).toEqual({ message });
}

/** Why the gateway answered this response, as its access log says (AWS's integrationErrorMessage). */
function loggedReason(response: Response): string | undefined {
  const requestId = response.headers.get("apigw-requestid");
  return accessLog.find((entry) => entry.requestId === requestId)?.integrationError;
}

describe("the Lambda integration", () => {
  it("hands the function a payload 2.0 event and sends back its structured response", async () => {
    const response = await post("/echo?a=1&a=2", '{"x":1}', {
      "content-type": "application/json",
      cookie: "s=1; t=2",
    });
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /echo",
      rawPath: "/v1/echo",
      rawQueryString: "a=1&a=2",
      queryStringParameters: { a: "1,2" },
      cookies: ["s=1", "t=2"],
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: { stage: "v1", routeKey: "POST /echo", http: { method: "POST", path: "/v1/echo" } },
    });
    expect(event).not.toHaveProperty("pathParameters");
    expect(event.requestContext).not.toHaveProperty("authorizer");
    expect((event.headers as Record<string, string>).cookie).toBeUndefined();
    expect(response.headers.get("apigw-requestid")).toBe(
      (event.requestContext as { requestId: string }).requestId,
    );
  });

  it("answers 500 with API Gateway's body when the function throws", async () => {
    await expectGatewayError(await post("/throws"), 500, "Internal Server Error");
  });

  it("answers 500 when the function returns a response API Gateway cannot read", async () => {
    await expectGatewayError(await post("/garbage"), 500, "Internal Server Error");
  });

  it("answers 500 when the function returns a header HTTP cannot carry, and keeps serving", async () => {
    await expectGatewayError(await post("/badHeader"), 500, "Internal Server Error");
    expect((await post("/echo")).status).toBe(200);
  });

  it("answers 500 when the function runs past its own timeout (Lambda ends it), and keeps serving", async () => {
    const response = await post("/hangs");
    await expectGatewayError(response, 500, "Internal Server Error");
    expect(loggedReason(response)).toMatch(/ran past its own timeout/);
    expect((await post("/echo")).status).toBe(200);
  });

  it("answers 503 when the integration timeout passes while the function still runs", async () => {
    const response = await fetch(`${slow.base}/v1/hangsLong`, { method: "POST" });
    await expectGatewayError(response, 503, "Service Unavailable");
    expect(loggedReason(response)).toBe(
      `the integration timed out after ${shortIntegrationTimeoutMs} ms while the function still ran`,
    );
  });

  it.each([
    ["/throws", /^the function threw: Error: boom from the handler$/],
    ["/garbage", /^the function's response is malformed: body is not a string$/],
    ["/badHeader", /^the function's response is malformed: header "x-emoji" is not a valid HTTP header$/],
    ["/huge", /^the function's response is malformed: the response is \d+ bytes, over Lambda's 6 MB limit$/],
  ])("logs why it answered %s with 500", async (path, reason) => {
    const response = await post(path);
    await expectGatewayError(response, 500, "Internal Server Error");
    expect(loggedReason(response)).toMatch(reason);
  });

  it("adds no header of its own to a function's response", async () => {
    const response = await post("/echo");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBeNull();
    expect(loggedReason(response)).toBeUndefined();
  });

  it("round-trips a binary PNG byte for byte (base64 in the event and in the response)", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)),
    ]);
    const response = await post("/binary", png, { "content-type": "image/png" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it("decodes the path and passes path parameters", async () => {
    const response = await fetch(`${base}/v1/items/a%20b`);
    const { event } = (await response.json()) as { event: { pathParameters: unknown; rawPath: string } };
    expect(event.pathParameters).toEqual({ id: "a b" });
    expect(event.rawPath).toBe("/v1/items/a b");
  });

  it("records each event and response as JSON, named by request id, readable by the user only", async () => {
    const response = await post("/echo", "hi", { "content-type": "text/plain" });
    const requestId = response.headers.get("apigw-requestid") as string;
    const files = await readdir(recordDir);
    expect(files).toEqual(expect.arrayContaining([`${requestId}.event.json`, `${requestId}.response.json`]));
    const event = JSON.parse(await readFile(join(recordDir, `${requestId}.event.json`), "utf8"));
    expect(event.body).toBe("hi");
    // Recorded events hold bearer tokens and cookies.
    expect((await stat(recordDir)).mode & 0o777).toBe(0o700);
    for (const file of [`${requestId}.event.json`, `${requestId}.response.json`]) {
      expect((await stat(join(recordDir, file))).mode & 0o777).toBe(0o600);
    }
  });

  it("records into a folder the user made with its mode untouched, each file still 0600", async () => {
    const ownDir = join(dataDir, "own-events");
    await mkdir(ownDir, { mode: 0o755 });
    const recording = await listen(
      createGateway({
        stage: "v1",
        routes: [{ routeKey: "POST /echo", functionName: "echo", authorized: false, scopes: [] }],
        invoker: pool,
        recordEventsDir: ownDir,
      }),
    );
    try {
      const response = await fetch(`${recording.base}/v1/echo`, { method: "POST" });
      const requestId = response.headers.get("apigw-requestid") as string;
      expect((await stat(ownDir)).mode & 0o777).toBe(0o755);
      expect((await stat(join(ownDir, `${requestId}.event.json`))).mode & 0o777).toBe(0o600);
    } finally {
      recording.server.closeAllConnections();
      await new Promise((resolve) => recording.server.close(resolve));
    }
  });
});

describe("the gateway's own answers", () => {
  it("answers 404 when no route matches, and outside the stage", async () => {
    await expectGatewayError(await fetch(`${base}/v1/nope`), 404, "Not Found");
    await expectGatewayError(await fetch(`${base}/v2/echo`, { method: "POST" }), 404, "Not Found");
    await expectGatewayError(await fetch(`${base}/v1/echo`), 404, "Not Found");
  });

  it("refuses a body over 10 MB with 413", async () => {
    await expectGatewayError(
      await post("/echo", Buffer.alloc(10 * 1024 * 1024 + 1)),
      413,
      "Request Entity Too Large",
    );
  });

  it("answers 500 when the event, its binary body base64-encoded, is over Lambda's 6 MB", async () => {
    const fiveMegabytes = Buffer.alloc(5 * 1024 * 1024, 7);
    const response = await post("/echo", fiveMegabytes, { "content-type": "application/octet-stream" });
    await expectGatewayError(response, 500, "Internal Server Error");
    expect(loggedReason(response)).toMatch(/^the event is \d+ bytes, over Lambda's 6 MB payload limit$/);
  });

  describe("the 10,240-byte limit on the request line and header values (AWS-FACTS §6)", () => {
    const port = () => Number(new URL(base).port);
    const requestLine = "GET /v1/items/x HTTP/1.1";
    /** A request whose request line and header values come to exactly `bytes`, under a header named `name`. */
    const headOf = (bytes: number, name = "X-Pad") => {
      const host = `127.0.0.1:${port()}`;
      const pad = "p".repeat(bytes - requestLine.length - host.length);
      return [requestLine, `Host: ${host}`, `${name}: ${pad}`];
    };

    it("serves a request of exactly 10,240 bytes, however long its header names", async () => {
      expect((await rawRequest(port(), headOf(10_240))).status).toBe(200);
      expect((await rawRequest(port(), headOf(10_240, `X-${"n".repeat(2_000)}`))).status).toBe(200);
    });

    it("answers 431 in API Gateway's form one byte past it", async () => {
      const response = await rawRequest(port(), headOf(10_241));
      expect(response.status).toBe(431);
      expect(response.headers["content-type"]).toBe("application/json");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9]{15}=$/);
      expect(JSON.parse(response.body.toString())).toEqual({ message: "Request Header Fields Too Large" });
    });

    it("answers 431 in the same form past Node's own 16 KB header limit", async () => {
      const response = await rawRequest(port(), headOf(20_000));
      expect(response.status).toBe(431);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(JSON.parse(response.body.toString())).toEqual({ message: "Request Header Fields Too Large" });
    });

    it("answers a HEAD past Node's limit with the 431's head and no body", async () => {
      // node:http's client, which knows a HEAD answer has no body, fails on one that has.
      const response = await httpRequest(
        `${base}/items/x`,
        "HEAD",
        { "x-pad": "p".repeat(20_000) },
        undefined,
      );
      expect(response.status).toBe(431);
      expect(response.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9]{15}=$/);
      expect(response.text).toBeUndefined();
    });
  });

  it("answers a request Node cannot parse with a bare 400 carrying the request id and nosniff", async () => {
    const response = await rawRequest(Number(new URL(base).port), [
      "FUZZ /v1/items/x HTTP/1.1",
      "Host: 127.0.0.1",
    ]);
    expect(response.status).toBe(400);
    expect(response.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9]{15}=$/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("throttles past the burst with 429", async () => {
    const throttled = await listen(
      createGateway({
        stage: "v1",
        routes: [{ routeKey: "POST /echo", functionName: "echo", authorized: false, scopes: [] }],
        invoker: pool,
        throttling: { rateLimit: 1, burstLimit: 2 },
      }),
    );
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await fetch(`${throttled.base}/v1/echo`, { method: "POST" })).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      await expectGatewayError(
        await fetch(`${throttled.base}/v1/echo`, { method: "POST" }),
        429,
        "Too Many Requests",
      );
    } finally {
      throttled.server.closeAllConnections();
      await new Promise((resolve) => throttled.server.close(resolve));
    }
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin itself, before routing and auth", async () => {
    const response = await fetch(`${base}/v1/private`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("gives a refused origin no CORS headers", async () => {
    const preflight = await fetch(`${base}/v1/private`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await post("/echo", undefined, { origin: "https://evil.example" });
    expect(actual.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds allow-origin and expose-headers to an allowed origin's responses", async () => {
    const response = await post("/echo", undefined, { origin: "http://localhost:3001" });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:3001");
    expect(response.headers.get("access-control-expose-headers")).toBe("etag");
  });
});

describe("the JWT authorizer", () => {
  const get = (path: string, authorization?: string) =>
    fetch(`${base}/v1${path}`, authorization === undefined ? {} : { headers: { authorization } });
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ iss: issuer.issuer, aud: "test-api", sub: "alice", iat: now(), exp: now() + 600 });

  it("lets a valid token through and hands its claims to the function as strings", async () => {
    const { access_token } = await issuer.issue({ sub: "alice", scope: "a b" });
    const response = await get("/private", `Bearer ${access_token}`);
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as {
      event: {
        requestContext: { authorizer: { jwt: { claims: Record<string, unknown>; scopes: unknown } } };
      };
    };
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      sub: "alice",
      scope: "a b",
      exp: expect.any(String),
    });
    expect(event.requestContext.authorizer.jwt.scopes).toBeNull();
  });

  it.each([
    ["no token", async () => undefined],
    ["garbage", async () => "Bearer not.a.jwt"],
    [
      "a forged signature",
      async () => {
        const { privateKey } = await generateKeyPair("RS256");
        const kid = issuer.jwks().keys[0]?.kid as string;
        return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey)}`;
      },
    ],
    [
      "alg none",
      async () => {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
        return `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode(claims())}.`;
      },
    ],
    [
      "HS256 signed with the public key",
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0]));
        return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: "HS256" }).sign(secret)}`;
      },
    ],
    [
      "an expired token",
      async () => `Bearer ${await signWithIssuerKey(issuer, { ...claims(), exp: now() - 10 })}`,
    ],
    [
      "a token not yet valid",
      async () => `Bearer ${await signWithIssuerKey(issuer, { ...claims(), nbf: now() + 600 })}`,
    ],
    [
      "a wrong issuer",
      async () => `Bearer ${await signWithIssuerKey(issuer, { ...claims(), iss: "https://elsewhere" })}`,
    ],
    [
      "a wrong audience",
      async () => `Bearer ${await signWithIssuerKey(issuer, { ...claims(), aud: "another-api" })}`,
    ],
  ])("refuses %s with 401 before any function runs", async (_, token) => {
    const response = await get("/private", await token());
    await expectGatewayError(response, 401, "Unauthorized");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("joins two Authorization headers with a comma, as every header, so the token is invalid", async () => {
    const { access_token } = await issuer.issue({ sub: "alice" });
    const port = Number(new URL(base).port);
    const head = (...authorizations: string[]) => [
      "GET /v1/private HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      ...authorizations.map((value) => `Authorization: ${value}`),
    ];
    expect((await rawRequest(port, head(`Bearer ${access_token}`))).status).toBe(200);
    for (const second of [`Bearer ${access_token}`, "Bearer garbage"]) {
      const response = await rawRequest(port, head(`Bearer ${access_token}`, second));
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body.toString())).toEqual({ message: "Unauthorized" });
    }
  });

  it("never echoes a token's header into the challenge, and keeps serving", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const response = await get(
      "/private",
      `Bearer ${encode({ alg: "caf☕\r\nx: y", kid: "k" })}.${encode(claims())}.c2ln`,
    );
    await expectGatewayError(response, 401, "Unauthorized");
    expect(response.headers.get("www-authenticate")).not.toContain("caf");
    expect((await post("/echo")).status).toBe(200);
  });

  it("refuses a token without the route's scope with 403", async () => {
    const { access_token } = await issuer.issue({ sub: "alice", scope: "other" });
    await expectGatewayError(await get("/admin", `Bearer ${access_token}`), 403, "Forbidden");
    const admin = await issuer.issue({ sub: "root", scope: "test/admin other" });
    const response = await get("/admin", `Bearer ${admin.access_token}`);
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as {
      event: { requestContext: { authorizer: { jwt: { scopes: unknown } } } };
    };
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(["test/admin", "other"]);
  });
});
