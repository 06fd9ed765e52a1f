/**
 * The fallback embedded DynamoDB for machines without Java: dynalite (a Node implementation on LevelDB),
 * run in this process on 127.0.0.1.
 *
 * Why only a fallback: dynalite implements just the classic table and item API. Checked against
 * dynalite 4.0.0's source (`validOperations` in index.js, the files in actions/), it has no
 * TransactWriteItems / TransactGetItems, no PartiQL (ExecuteStatement, BatchExecuteStatement,
 * ExecuteTransaction), no UpdateTimeToLive (DescribeTimeToLive always says DISABLED, expired items are never
 * removed), no DynamoDB Streams, and it ignores ReturnValuesOnConditionCheckFailure. Unsupported actions
 * are answered with `UnknownOperationException`. Code relying on these must run against DynamoDB Local.
 *
 * dynalite ships no type declarations, so it is loaded with `createRequire` and typed by the small
 * interface below (an ambient `declare module` would not reach consumers who import this file's source).
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/** What dynalite cannot do, verified against dynalite 4.0.0's source and by `dynalite.test.ts`. */
export const DYNALITE_LIMITATIONS: readonly string[] = [
  "No transactions: TransactWriteItems and TransactGetItems fail with UnknownOperationException.",
  "No PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction fail with UnknownOperationException.",
  "No TTL: UpdateTimeToLive fails with UnknownOperationException, DescribeTimeToLive always reports DISABLED, " +
    "and expired items are never deleted.",
  "ReturnValuesOnConditionCheckFailure is ignored: a ConditionalCheckFailedException never carries the Item.",
  "No DynamoDB Streams: StreamSpecification is ignored and tables have no LatestStreamArn.",
  "No backups, point-in-time recovery, global tables, import/export, resource policies, " +
    "DescribeLimits or DescribeEndpoints.",
  "Capacity is not enforced: no throttling (ProvisionedThroughputExceededException never happens).",
];

interface DynaliteOptions {
  readonly path?: string;
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
  readonly maxItemSizeKb?: number;
}
type DynaliteFactory = (options?: DynaliteOptions) => Server;

const requireCjs = createRequire(import.meta.url);

export interface DynaliteServiceOptions {
  /** @default a free port chosen by the OS */
  readonly port?: number;
  /** LevelDB folder to persist to; @default in memory */
  readonly path?: string;
}

export interface DynaliteHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Closes the server (dropping open client connections) and its store. Idempotent. */
  stop(): Promise<void>;
}

/** dynalite could not be loaded or could not listen. */
export class DynaliteStartError extends Error {
  override readonly name = "DynaliteStartError";
}

/** Starts dynalite in this process on 127.0.0.1 with tables becoming ACTIVE immediately. */
export async function startDynalite(options: DynaliteServiceOptions = {}): Promise<DynaliteHandle> {
  let dynalite: DynaliteFactory;
  try {
    dynalite = requireCjs("dynalite") as DynaliteFactory;
  } catch (error) {
    throw new DynaliteStartError(
      "dynalite is not installed: run `npm install --save-dev dynalite`, or install Java 17+ to use DynamoDB Local.",
      { cause: error },
    );
  }
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path === undefined ? {} : { path: options.path }),
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new DynaliteStartError(
          `dynalite could not listen on 127.0.0.1:${options.port ?? 0}: ${error.message}`,
          {
            cause: error,
          },
        ),
      ),
    );
    // Port 0 lets the OS pick, with no window for another process to take it.
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve, reject) => {
      server.close((error?: Error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets from SDK clients would otherwise hold close() open.
      server.closeAllConnections();
    });
    return stopping;
  };

  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}
