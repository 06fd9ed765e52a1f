/**
 * When DynamoDB fails: a store that is unreachable or throttling after the SDK's retries is a 503
 * problem with Retry-After; anything unexpected is an opaque 500 problem. Neither names an AWS
 * error, the table, or a stack, and the error is logged with API Gateway's request id.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createStore, logger, route } from "portico/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../app/portico.config.js";
import { dynamoDbEndpoint } from "../support/api.js";
import { closedPort } from "../support/closed-port.js";
import { getUserEvent } from "../support/events.js";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

function getUser(client: DynamoDBClient, tableName = "missing-table") {
  const store = createStore({ client, tableName, cursorSecret: "failures-secret-0123456789abcdef" });
  const handler = route(app, "GET /users/{userId}", { store });
  const event = getUserEvent("me", "alice");
  return { event, response: handler(event) };
}

function expectOpaque(body: string | undefined): void {
  expect(body).not.toMatch(/missing-table|Exception|ECONNREFUSED|at .*\.ts|stack/i);
}

afterEach(() => {
  vi.restoreAllMocks();
  logger().setLogLevel("SILENT");
});

describe("a store that cannot answer", () => {
  it("is a 503 problem with Retry-After when DynamoDB is unreachable", async () => {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      region: "us-east-1",
      credentials,
      maxAttempts: 2,
    });
    const response = await getUser(client).response;
    expect(response.statusCode).toBe(503);
    expect(response.headers["content-type"]).toBe("application/problem+json");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(response.body ?? "")).toMatchObject({ status: 503, title: "Service Unavailable" });
    expectOpaque(response.body);
  });

  it("is a 503 problem with Retry-After when DynamoDB keeps throttling (throttling mocked: it cannot be caused locally)", async () => {
    const client = new DynamoDBClient({
      endpoint: dynamoDbEndpoint(),
      region: "us-east-1",
      credentials,
      maxAttempts: 2,
    });
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
          name: "ProvisionedThroughputExceededException",
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
        });
      },
      { step: "finalizeRequest", name: "alwaysThrottled", priority: "low" },
    );
    const response = await getUser(client).response;
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("1");
    expectOpaque(response.body);
  });
});

describe("an unexpected failure", () => {
  it("is an opaque 500 problem, logged with API Gateway's request id", async () => {
    logger().setLogLevel("ERROR");
    const lines: string[] = [];
    // Powertools writes errors to stderr and the rest to stdout.
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: "us-east-1", credentials });
    // The table does not exist: DynamoDB answers ResourceNotFoundException, a misconfiguration.
    const { event, response } = getUser(client, "missing-table");
    const result = await response;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? "")).toEqual({
      type: "urn:portico:problem:internal-error",
      title: "Internal Server Error",
      status: 500,
      detail: "The request failed unexpectedly.",
    });
    expectOpaque(result.body);
    const logged = lines
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        requestId: event.requestContext?.requestId,
        routeKey: "GET /users/{userId}",
      }),
    );
  });
});
