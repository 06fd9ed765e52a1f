/**
 * OWASP API4:2023, unrestricted resource consumption: every limit API.md states holds at the
 * local stack's edge, in its stated form, and a request past one never reaches storage. Body size
 * (10 MB → 413), nesting depth and key count (a 400, never a 500), page size (`limit` 1–100),
 * string lengths, upload size (the S3 front's `EntityTooLarge`), header size (→ 431) and throttling
 * (→ 429, the app's token bucket).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../app/entities/users.js";
import { app } from "../../app/portico.config.js";
import type { DevServer } from "../../src/local/dev/dev-server.js";
import { defineApp } from "../../src/model/index.js";
import { maxListedFieldErrors, maxPageSize, maxRequestBytes } from "../../src/runtime/index.js";
import { s3ErrorCode, useLocalStack } from "../files/local-stack.js";
import { startTestDevServer } from "../support/api.js";
import { checkFieldErrors, checkProblem, expectGatewayError } from "../support/problems.js";
import { rawRequest } from "../support/raw-http.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { asBearer, issuedToken, send } from "./support.js";

const stack = useLocalStack();
let owner = "";
let token = "";

beforeAll(async () => {
  owner = await stack().newUser("owner");
  token = await issuedToken(stack(), owner);
});

/** A body sent as is to the owner's todo list (a create). */
const createTodo = (body: string | Uint8Array) =>
  send(stack(), "/users/me/todos", asBearer(token, "POST", body));

async function expectNoTodos(): Promise<void> {
  const reply = await send(stack(), "/users/me/todos", asBearer(token));
  expect(reply.json.items).toEqual([]);
}

describe("API4 resource consumption", () => {
  it("refuses a body over 10 MB with the gateway's 413 before any function runs", async () => {
    const body = Buffer.alloc(maxRequestBytes + 1, " ");
    body.write('{"title":"big"}');
    expectGatewayError(await createTodo(body), 413, "Request Entity Too Large");
    await expectNoTodos();
  });

  it("answers deeply nested JSON with a 400 problem, never a 500", async () => {
    for (const depth of [1_000, 100_000]) {
      for (const [open, close] of [
        ["[", "]"],
        ['{"a":', "}"],
      ] as const) {
        const reply = await createTodo(`{"title":${open.repeat(depth)}1${close.repeat(depth)}}`);
        expect(reply.status, `depth ${depth}`).toBe(400);
        checkProblem(reply, 400, stack().tableName);
      }
    }
    await expectNoTodos();
  });

  it("answers 100,000 keys with one 400 listing at most 20 and saying how many", async () => {
    const keys = Array.from({ length: 100_000 }, (_, index) => `"k${index}":1`).join(",");
    const reply = await createTodo(`{"title":"t",${keys}}`);
    const problem = checkProblem(reply, 400, stack().tableName);
    expect(problem.errors?.length).toBe(maxListedFieldErrors);
    expect(problem.detail).toMatch(/100[,.\u202f]?000/);
    await expectNoTodos();
  });

  it("keeps page sizes within 1–100: out of range or not an integer is a 400", async () => {
    for (const limit of [
      "0",
      "-1",
      String(maxPageSize + 1),
      "1000000",
      "1e2",
      "1.5",
      "abc",
      "",
      "0x10",
      " 5",
    ]) {
      const reply = await send(
        stack(),
        `/users/me/todos?limit=${encodeURIComponent(limit)}`,
        asBearer(token),
      );
      checkProblem(reply, 400, stack().tableName);
    }
    const largest = await send(stack(), `/users/me/todos?limit=${maxPageSize}`, asBearer(token));
    expect(largest.status).toBe(200);
  });

  it("refuses every string past its length, naming the field", async () => {
    const long = (length: number) => "x".repeat(length);
    const cases: [string, string, Record<string, unknown>, string][] = [
      ["POST", "/users/me/todos", { title: long(201) }, "title"],
      ["POST", "/users/me/todos", { title: "t", notes: long(5001) }, "notes"],
      ["POST", "/users/me/todos", { title: long(1024 * 1024) }, "title"],
      ["PATCH", "/users/me", { bio: long(1001) }, "bio"],
      ["PATCH", "/users/me", { firstName: long(101) }, "firstName"],
      ["PATCH", "/users/me", { lastName: long(101) }, "lastName"],
      ["PATCH", "/users/me", { username: long(31) }, "username"],
      ["PATCH", "/users/me", { email: `${long(250)}@x.example` }, "email"],
      ["PATCH", "/users/me", { phoneNumber: `+${"1".repeat(16)}` }, "phoneNumber"],
    ];
    for (const [method, path, body, field] of cases) {
      checkFieldErrors(await send(stack(), path, asBearer(token, method, body)), [field], stack().tableName);
    }
    const idempotencyKey = { "idempotency-key": long(129) };
    const reply = await send(
      stack(),
      "/users/me/todos",
      asBearer(token, "POST", { title: "t" }, idempotencyKey),
    );
    checkProblem(reply, 400, stack().tableName);
    await expectNoTodos();
  });

  it("refuses an upload past the ticket's size with the S3 front's EntityTooLarge, recording nothing", async () => {
    const ticket = await stack().ticket(owner);
    const upload = await uploadWithTicket(ticket, pngBytes(ticket.maxBytes + 1));
    expect([upload.status, await s3ErrorCode(upload)]).toEqual([400, "EntityTooLarge"]);
    expect(await stack().exists(new URL(ticket.url).origin, ticket.key)).toBe(false);
  });

  it("refuses a request line and headers past 10,240 bytes with 431, and serves one just under", async () => {
    const { host, port } = new URL(stack().server.url);
    const head = (padding: number) => [
      "GET /v1/health HTTP/1.1",
      `Host: ${host}`,
      `X-Padding: ${"p".repeat(padding)}`,
      "Connection: close",
    ];
    const fixed = Buffer.byteLength(`GET /v1/health HTTP/1.1${host}close`);
    const over = await rawRequest(Number(port), head(10_241 - fixed));
    expect([over.status, JSON.parse(over.body.toString())]).toEqual([
      431,
      { message: "Request Header Fields Too Large" },
    ]);
    const under = await rawRequest(Number(port), head(10_240 - fixed));
    expect(under.status).toBe(200);
    const huge = await rawRequest(Number(port), head(64 * 1024));
    expect(huge.status).toBe(431);
  });
});

describe("API4 throttling", () => {
  let server: DevServer;
  let dataDir = "";
  const burstLimit = 3;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "portico-throttle-"));
    // The app's own token bucket, made small so a short burst passes it on any machine.
    const throttled = defineApp({
      name: "throttled",
      api: { stage: "v1", throttling: { rateLimit: 1, burstLimit } },
      auth: { audience: [...app.auth.audience], adminScope: app.auth.adminScope },
      entities: [users],
    });
    server = await startTestDevServer(
      throttled,
      dataDir,
      `throttle-${Math.random().toString(36).slice(2, 10)}`,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers a burst past the bucket with 429 {message} before the authorizer", async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${server.apiUrl}/users/me`).then(async (response) => [response.status, await response.json()]),
      ),
    );
    const throttledReplies = replies.filter(([status]) => status === 429);
    expect(throttledReplies.length).toBeGreaterThan(0);
    for (const [, body] of throttledReplies) expect(body).toEqual({ message: "Too Many Requests" });
    for (const [status] of replies) expect([401, 429]).toContain(status);
  });
});
