/**
 * The services a route's handler reaches, for benchmarks that invoke handlers in process: AWS's
 * DynamoDB Local (in memory) with the app's table, and the embedded S3 behind its signature-checking
 * front with the app's bucket. Each handler gets its own store and bucket on SDK clients whose
 * transport is a `MemoryTransport` (record from the real service, or replay from memory), so its
 * requests can be counted, priced and taken out of the timing.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import {
  ensureTable,
  LOCAL_REGION,
  localCredentials,
  startDynamoDb,
} from "../../src/local/services/dynamodb/index.js";
import { type S3ObjectCreatedRecord, startS3 } from "../../src/local/services/s3/index.js";
import type { App } from "../../src/model/index.js";
import { describeApp } from "../../src/model/index.js";
import {
  createFileBucket,
  createStore,
  createTableInput,
  type FileBucket,
  type Store,
} from "../../src/runtime/index.js";
import { MemoryTransport } from "./memory-transport.js";

export interface Instrumented {
  readonly store: Store;
  readonly bucket: FileBucket;
  readonly dynamodb: MemoryTransport;
  readonly s3: MemoryTransport;
  /** Each DynamoDB response's `ConsumedCapacity`, since the last `reset()`. */
  readonly consumed: ConsumedCapacity[];
  /** Starts a new invocation's counts (and, recording, its responses). */
  reset(): void;
  /** From now on, answer the SDK from memory. */
  replay(): void;
}

export interface ConsumedCapacity {
  readonly command: string;
  readonly capacityUnits: number;
}

export interface RouteServices {
  readonly tableName: string;
  /** Objects created in the bucket, in order (what S3 would send the recorder). */
  readonly created: S3ObjectCreatedRecord[];
  /**
   * A store and a bucket of their own, on instrumented clients; with `consumedCapacity`, every
   * DynamoDB request asks for its `ConsumedCapacity` (which adds work: not for timings).
   */
  instrument(options?: { readonly consumedCapacity?: boolean }): Instrumented;
  stop(): Promise<void>;
}

const cursorSecret = "bench-cursor-secret-0123456789abcdef0123456789";

export async function startRouteServices(app: App): Promise<RouteServices> {
  const description = describeApp(app);
  const tableName = description.table.name;
  const dynamodb = await startDynamoDb({ inMemory: true });
  const created: S3ObjectCreatedRecord[] = [];
  const s3 = await startS3({
    inMemory: true,
    buckets: [description.bucket.name],
    onObjectCreated: (record) => created.push(record),
  }).catch(async (error: unknown) => {
    await dynamodb.stop();
    throw error;
  });
  await ensureTable(dynamodb.client(), createTableInput(tableName));
  const transports: MemoryTransport[] = [];
  const credentials = localCredentials(dynamodb.accessKeyId);
  return {
    tableName,
    created,
    instrument(options = {}) {
      const dynamodbTransport = new MemoryTransport();
      const s3Transport = new MemoryTransport();
      transports.push(dynamodbTransport, s3Transport);
      const consumed: ConsumedCapacity[] = [];
      const client = new DynamoDBClient({
        endpoint: dynamodb.endpoint,
        region: LOCAL_REGION,
        credentials,
        maxAttempts: 3,
        requestHandler: dynamodbTransport,
      });
      // ReturnConsumedCapacity on every request that takes it: what each route costs on demand.
      if (options.consumedCapacity === true)
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const input = args.input as { ReturnConsumedCapacity?: string };
            input.ReturnConsumedCapacity = "INDEXES";
            const output = await next(args);
            const reported = (output.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
            for (const entry of [reported].flat())
              if (entry !== undefined)
                consumed.push({
                  command: context.commandName ?? "?",
                  capacityUnits: (entry as { CapacityUnits?: number }).CapacityUnits ?? 0,
                });
            return output;
          },
          { step: "initialize", name: "benchConsumedCapacity" },
        );
      const s3Client = new S3Client({
        endpoint: s3.endpoint,
        region: LOCAL_REGION,
        forcePathStyle: true,
        credentials: s3.credentials,
        requestHandler: s3Transport,
      });
      return {
        store: createStore({ client, tableName, cursorSecret }),
        bucket: createFileBucket({ client: s3Client, name: description.bucket.name }),
        dynamodb: dynamodbTransport,
        s3: s3Transport,
        consumed,
        reset() {
          dynamodbTransport.reset();
          s3Transport.reset();
          consumed.length = 0;
        },
        replay() {
          dynamodbTransport.replay();
          s3Transport.replay();
        },
      };
    },
    async stop() {
      for (const transport of transports) transport.destroy();
      await s3.stop();
      await dynamodb.stop();
    },
  };
}
