/**
 * Throttling, injected in process (DynamoDB Local never throttles): a middleware on the store's own
 * client (the functions' `defaultDynamoDbClient`, its bounded retries) answers `ThrottlingException`
 * or `ProvisionedThroughputExceededException` in place of DynamoDB, below the SDK's retry step. The
 * SDK retries each attempt with its backoff; throttling that outlasts the retries is a 503 problem
 * with Retry-After (API.md, Conventions), and a throttled write leaves nothing behind.
 * test/http/failures.test.ts holds the bare 503 mapping; this suite follows the attempts.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "portico/local/dynamodb";
import { createStore, createTableInput, route } from "portico/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { defaultDynamoDbClient } from "../../src/runtime/store/store.js";
import { userBody } from "../http/users-helpers.js";
import { localDynamoDbClient, useSharedDynamoDbEnvironment } from "../support/api.js";
import { createEventV2, getUserEvent } from "../support/events.js";

const tableName = `throttled-${Math.random().toString(36).slice(2, 10)}`;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  useSharedDynamoDbEnvironment();
  const admin = localDynamoDbClient();
  clients.push(admin);
  await ensureTable(admin, createTableInput(tableName));
});
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The functions' own client, answering the first `failures` attempts with `error` instead of DynamoDB. */
function throttledApi(failures: number, error: () => Error) {
  const client = defaultDynamoDbClient();
  clients.push(client);
  const attempts: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      attempts.push(`${context.commandName} ${headers["amz-sdk-request"]}`);
      if (attempts.length <= failures) throw error();
      return next(args);
    },
    // After the retry step, where the request would leave for DynamoDB.
    { step: "finalizeRequest", name: "injectedThrottling", priority: "low" },
  );
  const store = createStore({ client, tableName, cursorSecret: "throttling-secret-0123456789abcdef" });
  return {
    attempts,
    getUser: route(app, "GET /users/{userId}", { store }),
    createUser: route(app, "POST /users", { store }),
  };
}

const sdkError = (name: string, extra: object = {}) =>
  Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    ...extra,
  });

const createEvent = (sub: string) =>
  createEventV2({
    method: "POST",
    path: "/users",
    routeKey: "POST /users",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(userBody()),
    claims: { sub },
  });

function expectUnavailable(response: { statusCode: number; headers: Record<string, string>; body?: string }) {
  expect(response.statusCode).toBe(503);
  expect(response.headers["content-type"]).toBe("application/problem+json");
  expect(response.headers["retry-after"]).toBe("1");
  expect(response.body).not.toMatch(/Exception|Throughput|throttled-|stack/i);
}

describe.each(["ThrottlingException", "ProvisionedThroughputExceededException"])(
  "DynamoDB answering %s",
  (name) => {
    it("is retried by the SDK with its backoff: a create throttled twice is made on the third attempt", async () => {
      const api = throttledApi(2, () => sdkError(name));
      const sub = `reader-${name}`;
      expect((await api.createUser(createEvent(sub))).statusCode).toBe(201);
      const response = await api.getUser(getUserEvent("me", sub));
      expect(response.statusCode).toBe(200);
      // The throttled create's attempts, then the read's: each retried, numbered by the SDK.
      expect(api.attempts).toEqual([
        "TransactWriteItemsCommand attempt=1; max=3",
        "TransactWriteItemsCommand attempt=2; max=3",
        "TransactWriteItemsCommand attempt=3; max=3",
        "GetItemCommand attempt=1; max=3",
      ]);
    });

    it("that outlasts the retries is a 503 problem with Retry-After, and the create wrote nothing", async () => {
      const api = throttledApi(3, () => sdkError(name));
      const sub = `writer-${name}`;
      expectUnavailable(await api.createUser(createEvent(sub)));
      expect(api.attempts).toHaveLength(3);
      expect((await api.getUser(getUserEvent("me", sub))).statusCode).toBe(404);
    });
  },
);

describe("a transaction cancelled for throttling", () => {
  it("is a 503 problem with Retry-After, and the create wrote nothing", async () => {
    const cancelled = () =>
      sdkError("TransactionCanceledException", {
        CancellationReasons: [{ Code: "None" }, { Code: "ThrottlingError" }, { Code: "None" }],
      });
    const api = throttledApi(1, cancelled);
    expectUnavailable(await api.createUser(createEvent("cancelled")));
    expect((await api.getUser(getUserEvent("me", "cancelled"))).statusCode).toBe(404);
  });
});
