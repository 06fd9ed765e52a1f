/**
 * The store's context: one DynamoDB document client, the table, the cursor key, a clock and an
 * id maker. Created once per container, outside the handler; everything is injectable for tests.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { envNames, requireEnv } from "../env.js";
import { createIdGenerator, newIncarnation } from "./ids.js";

export interface Store {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Key for the HMAC that authenticates page cursors. */
  readonly cursorSecret: string;
  now(): Date;
  newId(): string;
  /** A fresh token for a newly created item's life (see `Revision`). */
  newIncarnation(): string;
}

export interface StoreOptions {
  /** @default - a client for the region and endpoint of the environment (`AWS_ENDPOINT_URL_DYNAMODB` locally) */
  readonly client?: DynamoDBClient;
  /** @default - `PORTICO_TABLE_NAME` */
  readonly tableName?: string;
  /** @default - `PORTICO_CURSOR_SECRET` */
  readonly cursorSecret?: string;
  /** @default - the system clock */
  readonly now?: () => Date;
  /** @default - UUIDv7 from a generator of this store's own (see `createIdGenerator`) */
  readonly newId?: () => string;
  /** @default - 72 random bits, base64url */
  readonly newIncarnation?: () => string;
}

/** Bounded timeouts so an unreachable store fails fast into a 503 instead of hanging the function. */
export function defaultDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
}

export function createStore(options: StoreOptions = {}): Store {
  const client = DynamoDBDocumentClient.from(options.client ?? defaultDynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const nextId = createIdGenerator();
  return {
    client,
    tableName: options.tableName ?? requireEnv(envNames.tableName, "the DynamoDB table's name"),
    cursorSecret:
      options.cursorSecret ??
      requireEnv(envNames.cursorSecret, "a random secret (32+ bytes) that signs page cursors"),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => nextId()),
    newIncarnation: options.newIncarnation ?? newIncarnation,
  };
}
