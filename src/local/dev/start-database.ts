/**
 * The dev server's database: DynamoDB Local started at once and in parallel with everything else
 * (the JVM is the slow part), or a DynamoDB that already runs; then the app's table made sure of.
 * `withTable` resolves when the table exists, so routes that touch no data answer before that.
 * It needs no app: `portico dev` starts it before it loads the app and the rest of the dev server.
 */
import { join } from "node:path";
// Not the runtime's index: this starts DynamoDB Local, before the rest of the dev server loads.
import { localOrigin } from "../../runtime/http/local-twin.js";
import { createTableInput } from "../../runtime/store/table.js";
import { freePort } from "../services/dynamodb/free-port.js";
import {
  type DynamoDbService,
  ensureTable,
  localDynamoDbClient,
  newAccessKeyId,
  requireJava,
  startDynamoDb,
} from "../services/dynamodb/index.js";
import { persistentAccessKeyId } from "./local-state.js";

export interface DatabaseOptions {
  /** An already running DynamoDB; none is started then. */
  readonly external: string | undefined;
  /** The access key id of the data on `external`. @default a fresh random one */
  readonly externalAccessKeyId: string | undefined;
  readonly dataDir: string;
  readonly inMemory: boolean;
}

export interface DatabaseReady {
  readonly engine: "dynamodb-local" | "external";
  readonly dynamodbEndpoint: string;
}

export interface StartingDatabase {
  /** The key to the data, which the functions (and S3) are given. */
  readonly accessKeyId: string;
  readonly dynamodbEndpoint: string;
  /** DynamoDB Local while it starts; `undefined` with an external database. */
  readonly service: Promise<DynamoDbService> | undefined;
  /** Resolves when DynamoDB is up and `tableName` exists (made if missing); the first name asked for counts. */
  withTable(tableName: string): Promise<DatabaseReady>;
}

/**
 * Starts the database without waiting for it. Without Java 17+ nothing can work (no write would
 * succeed), so that rejects at once, before anything else starts.
 */
export async function startDatabase(options: DatabaseOptions): Promise<StartingDatabase> {
  const { external, dataDir, inMemory } = options;
  const java = external === undefined ? await requireJava() : undefined;
  // The key to the data (see access-key.ts): kept per project under the data folder, so the data
  // is found again; a fresh one when nothing is kept.
  const accessKeyId =
    external !== undefined
      ? (options.externalAccessKeyId ?? newAccessKeyId())
      : inMemory
        ? newAccessKeyId()
        : await persistentAccessKeyId(dataDir);
  const port = external === undefined ? await freePort() : 0;
  const service =
    java !== undefined
      ? startDynamoDb({
          java,
          accessKeyId,
          port,
          inMemory,
          ...(inMemory ? {} : { dataDir: join(dataDir, "dynamodb") }),
        })
      : undefined;
  service?.catch(() => {});
  const dynamodbEndpoint = external ?? localOrigin(port);
  let ready: Promise<DatabaseReady> | undefined;
  const withTable = (tableName: string): Promise<DatabaseReady> => {
    ready ??= (async (): Promise<DatabaseReady> => {
      const started = await service;
      const client = started?.client() ?? localDynamoDbClient(dynamodbEndpoint, accessKeyId);
      await ensureTable(client, createTableInput(tableName));
      if (started === undefined) client.destroy();
      return { engine: started === undefined ? "external" : "dynamodb-local", dynamodbEndpoint };
    })();
    ready.catch(() => {});
    return ready;
  };
  return { accessKeyId, dynamodbEndpoint, service, withTable };
}
