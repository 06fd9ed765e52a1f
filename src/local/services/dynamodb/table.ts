/**
 * Idempotent table setup for the embedded DynamoDB (and any DynamoDB endpoint): create a table if it is
 * absent, wait until it and its indexes are ACTIVE, and turn on TTL.
 *
 * Why: tests and the dev server call this on every start, possibly against a persisted DynamoDB Local
 * folder, so "already exists" must be success, and an existing table with a different key schema must be
 * reported instead of silently used. Polling is our own 100 ms loop: the SDK waiter sleeps at least 1 s.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

export type EnsureTableInput = CreateTableCommandInput & {
  /** Attribute holding an epoch-seconds expiry; TTL is enabled on it. */
  readonly TimeToLiveAttribute?: string;
};

export interface TableWaitOptions {
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/** The table exists with another key schema, or TTL is enabled on another attribute. */
export class TableMismatchError extends Error {
  override readonly name = "TableMismatchError";
}

/** The table did not reach the expected state in time. */
export class TableWaitTimeoutError extends Error {
  override readonly name = "TableWaitTimeoutError";
}

const POLL_MS = 100;

/** Creates the table unless it exists, waits until it is ACTIVE, then enables TTL if asked. */
export async function ensureTable(
  client: DynamoDBClient,
  input: EnsureTableInput,
  options: TableWaitOptions = {},
): Promise<void> {
  const { TimeToLiveAttribute: ttlAttribute, ...createInput } = input;
  const tableName = requireTableName(createInput.TableName);
  const timeoutMs = options.timeoutMs ?? 60_000;

  let existing = await describe(client, tableName);
  if (existing?.TableStatus === "DELETING") {
    await waitUntilGone(client, tableName, timeoutMs);
    existing = undefined;
  }
  if (!existing) {
    try {
      await client.send(new CreateTableCommand(createInput));
    } catch (error) {
      // Someone else created it between our describe and create.
      if (errorName(error) !== "ResourceInUseException") throw error;
    }
  }
  const table = await waitUntilActive(client, tableName, timeoutMs);
  assertSameKeySchema(tableName, table.KeySchema, createInput.KeySchema);
  if (ttlAttribute !== undefined) await enableTimeToLive(client, tableName, ttlAttribute);
}

/** Deletes the table if it exists and waits until it is gone. */
export async function deleteTable(
  client: DynamoDBClient,
  tableName: string,
  options: TableWaitOptions = {},
): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return;
    if (errorName(error) !== "ResourceInUseException") throw error; // already DELETING: wait below
  }
  await waitUntilGone(client, tableName, options.timeoutMs ?? 60_000);
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = ttl?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") {
    if (ttl?.AttributeName === attribute) return;
    throw new TableMismatchError(
      `Table ${tableName} has TTL on "${ttl?.AttributeName}", not "${attribute}": disable it first or fix the definition.`,
    );
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs: number,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === "ACTIVE",
    );
    if (table?.TableStatus === "ACTIVE" && indexesActive) return table;
    if (Date.now() > deadline) {
      throw new TableWaitTimeoutError(
        `Table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus ?? "missing"}).`,
      );
    }
    await sleep(POLL_MS);
  }
}

async function waitUntilGone(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await describe(client, tableName)) {
    if (Date.now() > deadline) {
      throw new TableWaitTimeoutError(`Table ${tableName} still exists ${timeoutMs} ms after DeleteTable.`);
    }
    await sleep(POLL_MS);
  }
}

function assertSameKeySchema(
  tableName: string,
  actual: readonly KeySchemaElement[] | undefined,
  wanted: readonly KeySchemaElement[] | undefined,
): void {
  const show = (schema: readonly KeySchemaElement[] | undefined): string =>
    [...(schema ?? [])]
      .sort((a, b) => String(a.KeyType).localeCompare(String(b.KeyType))) // HASH before RANGE
      .map((key) => `${key.AttributeName}:${key.KeyType}`)
      .join(",");
  if (wanted !== undefined && show(actual) !== show(wanted)) {
    throw new TableMismatchError(
      `Table ${tableName} exists with key schema [${show(actual)}] but [${show(wanted)}] was asked for: ` +
        "delete the table (or its data folder) or fix the definition.",
    );
  }
}

function requireTableName(name: string | undefined): string {
  if (name === undefined || name === "") throw new TypeError("ensureTable needs a TableName.");
  return name;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
