/**
 * Public entry of the embedded DynamoDB used by tests and the local dev server.
 *
 * `startDynamoDb()` runs AWS's DynamoDB Local when Java is available (the closest match to the real
 * service, transactions included) and falls back to dynalite otherwise; either way callers get an
 * endpoint on 127.0.0.1, a ready client factory, the engine's known `limitations`, and an idempotent `stop`.
 */

import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DYNALITE_LIMITATIONS, startDynalite } from "./dynalite.js";
import {
  DynamoDbLocalStartError,
  detectJava,
  JavaNotFoundError,
  localDynamoDbClient,
  startDynamoDbLocal,
} from "./dynamodb-local.js";
import {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_VERSION,
  DynamoDbLocalDownloadError,
  IntegrityMismatchError,
  obtainDynamoDbLocal,
} from "./obtain-dynamodb-local.js";
import { deleteTable, ensureTable, TableMismatchError, TableWaitTimeoutError } from "./table.js";

export type DynamoDbEngine = "dynamodb-local" | "dynalite";

export interface DynamoDbServiceOptions {
  /** @default 'auto': DynamoDB Local when Java is available, else dynalite */
  readonly engine?: DynamoDbEngine | "auto";
  /** @default a free port */
  readonly port?: number;
  /** @default true */
  readonly inMemory?: boolean;
  /**
   * Where data persists when inMemory is false (required then). DynamoDB Local writes
   * `shared-local-instance.db` here; dynalite uses a LevelDB folder `dynalite/` inside it.
   */
  readonly dataDir?: string;
  /** Cache root for DynamoDB Local's jar; @default env PORTICO_CACHE_DIR, else ~/.cache/portico */
  readonly cacheDir?: string;
}

export interface DynamoDbService {
  readonly engine: DynamoDbEngine;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** What this engine does differently from the real DynamoDB. */
  readonly limitations: readonly string[];
  /**
   * A new client configured with the endpoint, region us-east-1 and dummy credentials. Clients made here
   * are destroyed by `stop()`.
   */
  client(): DynamoDBClient;
  /** Stops the engine and waits until it is gone. Idempotent. */
  stop(): Promise<void>;
}

/** How DynamoDB Local 1.25.1 differs from the real service (AWS's usage notes, and checked where testable). */
export const DYNAMODB_LOCAL_LIMITATIONS: readonly string[] = [
  "Expired items are never deleted: UpdateTimeToLive is accepted, but AWS documents TTL as not supported by DynamoDB Local.",
  "Provisioned throughput is ignored: no throttling.",
  "No backups or point-in-time recovery (CreateBackup, DescribeContinuousBackups) and no DescribeEndpoints: " +
    "they fail with UnknownOperationException.",
  "Regions and accounts are not separated (-sharedDb): every client sees the same tables.",
  "It listens on all network interfaces (DynamoDB Local has no host option); clients use 127.0.0.1.",
];

/** Starts an embedded DynamoDB; see {@link DynamoDbServiceOptions} for how the engine is chosen. */
export async function startDynamoDb(options: DynamoDbServiceOptions = {}): Promise<DynamoDbService> {
  const requested = options.engine ?? "auto";
  const inMemory = options.inMemory ?? true;
  if (!inMemory && options.dataDir === undefined) {
    throw new TypeError(
      "startDynamoDb: inMemory: false needs a dataDir to persist to: pass dataDir, or keep inMemory: true.",
    );
  }

  const java = requested === "dynalite" ? undefined : await detectJava();
  if (!java && requested === "dynamodb-local") throw new JavaNotFoundError("`java -version` failed");
  const engine: DynamoDbEngine = java ? "dynamodb-local" : "dynalite";
  const port = options.port === undefined ? {} : { port: options.port };
  const { endpoint, stop: stopEngine } = java
    ? await startDynamoDbLocal({
        java,
        inMemory,
        ...port,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      })
    : await startDynalite({
        ...port,
        ...(inMemory || options.dataDir === undefined ? {} : { path: join(options.dataDir, "dynalite") }),
      });

  const clients = new Set<DynamoDBClient>();
  let stopping: Promise<void> | undefined;
  return {
    engine,
    endpoint,
    limitations: engine === "dynalite" ? DYNALITE_LIMITATIONS : DYNAMODB_LOCAL_LIMITATIONS,
    client() {
      const client = localDynamoDbClient(endpoint);
      clients.add(client);
      return client;
    },
    stop() {
      stopping ??= (async () => {
        for (const client of clients) client.destroy();
        clients.clear();
        await stopEngine();
      })();
      return stopping;
    },
  };
}

export type { DynamoDbLocalPaths, ObtainDynamoDbLocalOptions } from "./obtain-dynamodb-local.js";
export type { EnsureTableInput, TableWaitOptions } from "./table.js";
export {
  cachedDynamoDbLocal,
  DYNALITE_LIMITATIONS,
  DYNAMODB_LOCAL_VERSION,
  DynamoDbLocalDownloadError,
  DynamoDbLocalStartError,
  deleteTable,
  ensureTable,
  IntegrityMismatchError,
  JavaNotFoundError,
  obtainDynamoDbLocal,
  TableMismatchError,
  TableWaitTimeoutError,
};
