/**
 * The store's context: one DynamoDB document client, the table, the cursor key, a clock and an
 * id maker. Created once per container, outside the handler; everything is injectable for tests.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { localEnvNames } from "../../model/index.js";
import { envNames, requireEnv } from "../env.js";
import { createIdGenerator, newIncarnation } from "./ids.js";

export interface Store {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Key for the HMAC that authenticates page cursors; asked for only when a page is listed. */
  readonly cursorSecret: CursorSecret;
  now(): Date;
  newId(): string;
  /** A fresh token for a newly created item's life (see `Revision`). */
  newIncarnation(): string;
  /** Whether each transaction is read back before it counts as done (see `StoreOptions`). */
  readonly confirmTransactions?: boolean;
}

/** The page-cursor key, resolved on first use. */
export type CursorSecret = () => Promise<string>;

export interface StoreOptions {
  /** @default - a client for the region and endpoint of the environment (`AWS_ENDPOINT_URL_DYNAMODB` locally) */
  readonly client?: DynamoDBClient;
  /** @default - `PORTICO_TABLE_NAME` */
  readonly tableName?: string;
  /**
   * The cursor key, or how to get it (list functions pass `cursorSecretFromEnvironment()`, which
   * reads Secrets Manager on AWS). @default - `PORTICO_LOCAL_CURSOR_SECRET`
   */
  readonly cursorSecret?: string | CursorSecret;
  /** @default - the system clock */
  readonly now?: () => Date;
  /** @default - UUIDv7 from a generator of this store's own (see `createIdGenerator`) */
  readonly newId?: () => string;
  /** @default - 72 random bits, base64url */
  readonly newIncarnation?: () => string;
  /**
   * Read one item of each transaction back (a consistent `GetItem`) before answering. DynamoDB
   * Local answers `TransactWriteItems` before its commit is in its files, so a process killed just
   * after the answer loses an acknowledged write; a consistent read waits for that commit.
   * @default - `PORTICO_LOCAL_CONFIRM_TRANSACTIONS` is `"true"`, which only the local twin sets
   */
  readonly confirmTransactions?: boolean;
}

/** Bounded timeouts so an unreachable store fails fast into a 503 instead of hanging the function. */
export function defaultDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
}

function cursorSecretOf(option: StoreOptions["cursorSecret"]): CursorSecret {
  if (typeof option === "function") return option;
  if (option !== undefined) return () => Promise.resolve(option);
  return async () =>
    requireEnv(localEnvNames.cursorSecret, "a random secret (32+ bytes) that signs page cursors");
}

export function createStore(options: StoreOptions = {}): Store {
  const client = DynamoDBDocumentClient.from(options.client ?? defaultDynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const nextId = createIdGenerator();
  return {
    client,
    tableName: options.tableName ?? requireEnv(envNames.tableName, "the DynamoDB table's name"),
    cursorSecret: cursorSecretOf(options.cursorSecret),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => nextId()),
    newIncarnation: options.newIncarnation ?? newIncarnation,
    confirmTransactions:
      options.confirmTransactions ?? process.env[localEnvNames.confirmTransactions] === "true",
  };
}
