/**
 * Public entry of the embedded DynamoDB used by tests and the local dev server.
 *
 * `startDynamoDb()` runs AWS's DynamoDB Local (the closest match to the real service, transactions
 * included) on Java 17+, and stops with one line saying how to install Java when there is none:
 * there is no fallback engine. Callers get an endpoint on 127.0.0.1, a ready client factory, the
 * known `limitations`, and an idempotent `stop`.
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serviceClients } from "../clients.js";
import {
  LOCAL_REGION,
  type LocalCredentials,
  localCredentials,
  localDynamoDbClient,
  newAccessKeyId,
} from "./access-key.js";
import { DynamoDbLocalStartError, startDynamoDbLocal } from "./dynamodb-local.js";
import { detectJava, type JavaInfo, JavaRequiredError, MINIMUM_JAVA, requireJava } from "./java.js";
import {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_VERSION,
  DynamoDbLocalDownloadError,
  IntegrityMismatchError,
  obtainDynamoDbLocal,
} from "./obtain-dynamodb-local.js";
import { deleteTable, ensureTable, TableMismatchError, TableWaitTimeoutError } from "./table.js";

export interface DynamoDbServiceOptions {
  /** @default a free port */
  readonly port?: number;
  /** @default true */
  readonly inMemory?: boolean;
  /**
   * Where data persists when inMemory is false (required then).
   */
  readonly dataDir?: string;
  /**
   * The access key id that opens the data: keep one per project to find its data again.
   * @default a fresh random one (right for inMemory)
   */
  readonly accessKeyId?: string;
  /** The Java to run it on; @default found and checked by `requireJava()` */
  readonly java?: JavaInfo;
  /** Cache root for DynamoDB Local's jar; @default env PORTICO_CACHE_DIR, else ~/.cache/portico */
  readonly cacheDir?: string;
}

export interface DynamoDbService {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The access key id of the data; clients without it see an empty database of their own. */
  readonly accessKeyId: string;
  /** What DynamoDB Local does differently from the real DynamoDB. */
  readonly limitations: readonly string[];
  /**
   * A new client configured with the endpoint, region us-east-1 and the access key id. Clients made here
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
  "It listens on all network interfaces (DynamoDB Local has no host option): anyone who reaches the port " +
    "gets a database, though without the access key id an empty one of their own.",
];

/** Starts DynamoDB Local; throws {@link JavaRequiredError} at once without Java 17+. */
export async function startDynamoDb(options: DynamoDbServiceOptions = {}): Promise<DynamoDbService> {
  const inMemory = options.inMemory ?? true;
  if (!inMemory && options.dataDir === undefined) {
    throw new TypeError(
      "startDynamoDb: inMemory: false needs a dataDir to persist to: pass dataDir, or keep inMemory: true.",
    );
  }

  const java = options.java ?? (await requireJava());
  const {
    endpoint,
    accessKeyId,
    stop: stopEngine,
  } = await startDynamoDbLocal({
    java,
    accessKeyId: options.accessKeyId ?? newAccessKeyId(),
    inMemory,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });

  const clients = serviceClients<DynamoDBClient>(stopEngine);
  return {
    endpoint,
    accessKeyId,
    limitations: DYNAMODB_LOCAL_LIMITATIONS,
    client: () => clients.track(localDynamoDbClient(endpoint, accessKeyId)),
    stop: () => clients.stop(),
  };
}

export type { DynamoDbLocalPaths, ObtainDynamoDbLocalOptions } from "./obtain-dynamodb-local.js";
export type { EnsureTableInput, TableWaitOptions } from "./table.js";
export type { JavaInfo, LocalCredentials };
export {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_VERSION,
  DynamoDbLocalDownloadError,
  DynamoDbLocalStartError,
  deleteTable,
  detectJava,
  ensureTable,
  IntegrityMismatchError,
  JavaRequiredError,
  LOCAL_REGION,
  localCredentials,
  localDynamoDbClient,
  MINIMUM_JAVA,
  newAccessKeyId,
  obtainDynamoDbLocal,
  requireJava,
  TableMismatchError,
  TableWaitTimeoutError,
};
