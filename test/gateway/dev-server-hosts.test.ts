/**
 * DNS rebinding, tried as an attacker would over real HTTP: a page that points its own name at
 * 127.0.0.1 reaches the dev server, but every request still carries that name in `Host`. The server
 * answers only loopback names (and those the user allows) on every path, `/_local/*` included, and
 * its token endpoint takes JSON only, so no cross-site "simple request" can mint a token.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { type DevServer, type DevServerOptions, startDevServer } from "../../src/local/dev/dev-server.js";
import { openApiDocument } from "../../src/openapi/index.js";
import { localDocsPath, localPrefix, localTokenPath } from "../../src/runtime/index.js";
import { dynamoDbEndpoint } from "../support/api.js";
import { type RawResponse, rawRequest } from "../support/raw-http.js";

let dataDir: string;
let server: DevServer;
let tunnelled: DevServer;
const logged: string[] = [];

async function start(options: Partial<DevServerOptions> = {}): Promise<DevServer> {
  const started = await startDevServer({
    app,
    appDir: join(import.meta.dirname, "../../app"),
    port: 0,
    dataDir,
    inMemory: true,
    dynamodbEndpoint: dynamoDbEndpoint(),
    tableName: `hosts-${Math.random().toString(36).slice(2, 10)}`,
    watch: false,
    openApi: (serverUrl) => openApiDocument(app, { serverUrl }),
    log: (line) => logged.push(line),
    ...options,
  });
  await started.ready;
  return started;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-hosts-"));
  server = await start();
  tunnelled = await start({ allowedHosts: [".tunnel.example"] });
});

afterAll(async () => {
  await server?.stop();
  await tunnelled?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const portOf = (dev: DevServer) => Number(new URL(dev.url).port);

/** A request line, then `Host` lines as given (none when `hosts` is empty), then `headers`. */
function send(
  dev: DevServer,
  method: string,
  target: string,
  hosts: readonly string[],
  {
    headers = [],
    body,
    version = "1.1",
  }: { headers?: string[]; body?: string | undefined; version?: string } = {},
): Promise<RawResponse> {
  return rawRequest(
    portOf(dev),
    [
      `${method} ${target} HTTP/${version}`,
      ...hosts.map((host) => `Host: ${host}`),
      ...headers,
      ...(body === undefined ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
    ],
    body === undefined ? undefined : Buffer.from(body),
  );
}

const paths = [
  ["GET", "/v1/health"],
  ["GET", "/v1/users/me"],
  ["GET", `${localPrefix}/.well-known/jwks.json`],
  ["GET", localDocsPath],
  ["POST", localTokenPath],
] as const;

function expectRefused(response: RawResponse): void {
  expect(response.status).toBe(403);
  expect(response.headers["content-type"]).toBe("application/json");
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9]{15}=$/);
  expect(JSON.parse(response.body.toString())).toEqual({ message: "Forbidden" });
}

describe("the Host a request carries", () => {
  const own = () => `127.0.0.1:${portOf(server)}`;

  it.each([
    ["its own address", () => own()],
    ["localhost with its port", () => `localhost:${portOf(server)}`],
    ["LOCALHOST in capitals", () => `LOCALHOST:${portOf(server)}`],
    ["[::1] with its port", () => `[::1]:${portOf(server)}`],
    ["localhost on another port (a front-end dev server's proxy)", () => "localhost:5173"],
  ])("is answered when it is %s", async (_, host) => {
    const response = await send(server, "GET", "/v1/health", [host()]);
    expect(response.status).toBe(200);
  });

  it.each([
    ["a rebound name", () => "evil.example"],
    ["a rebound name with the server's port", () => `evil.example:${portOf(server)}`],
    ["a name that starts like the address", () => `127.0.0.1.evil.example:${portOf(server)}`],
    ["userinfo tricks", () => `localhost:${portOf(server)}@evil.example`],
    ["a port that is not a port", () => "localhost:3000x"],
    ["empty", () => ""],
  ])("is refused with 403 on every path when it is %s", async (_, host) => {
    for (const [method, path] of paths) {
      const response = await send(server, method, path, [host()], {
        headers: ["Content-Type: application/json"],
        body: method === "POST" ? '{"sub":"mallory","scope":"planner/admin"}' : undefined,
      });
      expectRefused(response);
    }
  });

  it("is refused when it is missing (HTTP/1.0) or sent twice", async () => {
    expectRefused(await send(server, "GET", "/v1/health", [], { version: "1.0" }));
    expectRefused(await send(server, "GET", "/v1/health", [own(), "evil.example"]));
  });

  it("is logged with the reason when refused, never echoed to the client", async () => {
    const response = await send(server, "GET", "/v1/health", ["rebound.evil.example"]);
    expectRefused(response);
    expect(response.body.toString()).not.toContain("evil");
    expect(logged.join("\n")).toContain('Host "rebound.evil.example" is not an allowed host');
  });

  it("may be a name the user allows, with allowedHosts as in Vite", async () => {
    expect((await send(tunnelled, "GET", "/v1/health", ["app.tunnel.example"])).status).toBe(200);
    expect((await send(tunnelled, "GET", "/v1/health", ["tunnel.example:443"])).status).toBe(200);
    expect((await send(tunnelled, "GET", "/v1/health", [`localhost:${portOf(tunnelled)}`])).status).toBe(200);
    expectRefused(await send(tunnelled, "GET", "/v1/health", ["evil.example"]));
  });
});

describe(`POST ${localTokenPath} from a rebinding page`, () => {
  const token = (contentType: string | undefined) =>
    send(server, "POST", localTokenPath, [`127.0.0.1:${portOf(server)}`], {
      headers: contentType === undefined ? [] : [`Content-Type: ${contentType}`],
      body: '{"sub":"mallory","scope":"planner/admin"}',
    });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined])(
    "mints no token from a %s body: 415",
    async (contentType) => {
      const response = await token(contentType);
      expect(response.status).toBe(415);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.body.toString()).not.toContain("access_token");
    },
  );

  it("mints one from JSON, with nosniff and no-store", async () => {
    const response = await token("application/json; charset=utf-8");
    expect(response.status).toBe(200);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it(`answers its other ${localPrefix} endpoints with nosniff`, async () => {
    const host = [`127.0.0.1:${portOf(server)}`];
    for (const path of [
      `${localPrefix}/.well-known/jwks.json`,
      `${localPrefix}/.well-known/openid-configuration`,
      localDocsPath,
      `${localPrefix}/nothing`,
    ]) {
      const response = await send(server, "GET", path, host);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
    }
  });
});
