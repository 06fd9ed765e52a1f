import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTableInput } from "../../../runtime/store/table.js";
import { DYNALITE_LIMITATIONS } from "./dynalite.js";
import { type DynamoDbService, ensureTable, JavaNotFoundError, startDynamoDb } from "./index.js";

const TABLE = "items";

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("dynalite engine", () => {
  let service: DynamoDbService;
  let client: DynamoDBClient;

  beforeAll(async () => {
    service = await startDynamoDb({ engine: "dynalite" });
    client = service.client();
    await ensureTable(client, createTableInput(TABLE));
  });

  afterAll(async () => {
    await service?.stop();
  });

  it("serves on 127.0.0.1 and reports dynalite's limitations", () => {
    expect(service.engine).toBe("dynalite");
    expect(service.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.limitations).toBe(DYNALITE_LIMITATIONS);
  });

  it("round-trips an item through PutItem and GetItem", async () => {
    const item = { PK: { S: "user#1" }, SK: { S: "profile" }, name: { S: "Ada" }, age: { N: "36" } };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: item.PK, SK: item.SK }, ConsistentRead: true }),
    );
    expect(Item).toEqual(item);
  });

  it("rejects TransactWriteItems, as its limitations list says", async () => {
    const transaction = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: TABLE, Item: { PK: { S: "user#2" }, SK: { S: "profile" } } } }],
      }),
    );
    await expect(transaction).rejects.toMatchObject({ name: "UnknownOperationException" });
    expect(service.limitations.some((limitation) => limitation.includes("TransactWriteItems"))).toBe(true);
  });

  it("reports TTL as disabled even after ensureTable asked for it, as its limitations list says", async () => {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe("DISABLED");
    expect(service.limitations.some((limitation) => limitation.includes("UpdateTimeToLive"))).toBe(true);
  });

  it("stop closes the port, and stopping again is a no-op", async () => {
    const port = Number(new URL(service.endpoint).port);
    expect(await canConnect(port)).toBe(true);
    await service.stop();
    expect(await canConnect(port)).toBe(false);
    await expect(service.stop()).resolves.toBeUndefined();
  });
});

describe("engine choice without Java", () => {
  let binDir: string;

  beforeAll(async () => {
    // A PATH whose only `java` fails, and no JAVA_HOME: as on a machine without Java.
    binDir = await mkdtemp(join(tmpdir(), "portico-no-java-"));
    await writeFile(join(binDir, "java"), "#!/bin/sh\necho 'java: not installed' >&2\nexit 127\n", {
      mode: 0o755,
    });
    vi.stubEnv("PATH", binDir);
    vi.stubEnv("JAVA_HOME", "");
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(binDir, { recursive: true, force: true });
  });

  it("falls back to dynalite in auto mode", async () => {
    const service = await startDynamoDb();
    try {
      expect(service.engine).toBe("dynalite");
    } finally {
      await service.stop();
    }
  });

  it("explains how to proceed when DynamoDB Local is demanded", async () => {
    const start = startDynamoDb({ engine: "dynamodb-local" });
    await expect(start).rejects.toBeInstanceOf(JavaNotFoundError);
    await expect(start).rejects.toThrow(/install Java 17\+.*or use engine 'dynalite'/);
  });
});
