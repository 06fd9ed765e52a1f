/**
 * Sends one command and turns the SDK's failures into store errors: throttling, server faults
 * and network failures that outlived the SDK's retries become `StoreUnavailableError` (a 503
 * with Retry-After); anything else is rethrown untouched for the opaque-500 path.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "./errors.js";
import { TryAgain, withRetry } from "./retry.js";
import type { Store } from "./store.js";
import { tableLayout } from "./table.js";

const throttlingErrors = new Set([
  // A plain write that met an item held by a transaction: contention, which the SDK does not retry.
  "TransactionConflictException",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "LimitExceededException",
]);
const networkErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Seconds a client should wait before retrying, or `undefined` when the failure is not transient. */
export function transientRetryAfter(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code, $fault, $metadata } = error as SdkErrorShape;
  if (name !== undefined && throttlingErrors.has(name)) return 1;
  if ($fault === "server" && $metadata?.httpStatusCode !== undefined && $metadata.httpStatusCode >= 500)
    return 2;
  if (
    name === "TimeoutError" ||
    name === "RequestTimeout" ||
    (code !== undefined && networkErrorCodes.has(code))
  ) {
    return 5;
  }
  return undefined;
}

/** Any command of the document client (`GetCommand`, `QueryCommand`, …). */
type DocumentCommand = Parameters<Store["client"]["send"]>[0];

export async function send<Output>(store: Store, command: { readonly input: object }): Promise<Output> {
  try {
    return (await store.client.send(command as DocumentCommand)) as Output;
  } catch (error) {
    const retryAfter = transientRetryAfter(error);
    throw retryAfter === undefined ? error : new StoreUnavailableError(retryAfter, error);
  }
}

export interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, unknown>;
}

/** A transaction that failed a condition; `reasons[i]` belongs to `TransactItems[i]`. */
export function cancellationReasons(error: unknown): readonly CancellationReason[] | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, CancellationReasons } = error as {
    name?: string;
    CancellationReasons?: CancellationReason[];
  };
  return name === "TransactionCanceledException" ? (CancellationReasons ?? []) : undefined;
}

/**
 * Sends a transaction, retrying it (`withRetry`) when DynamoDB cancels it only because another
 * transaction held one of its items (`TransactionConflict`): that is contention, not an answer.
 * Any other cancellation (a failed condition) is the answer and is thrown for the caller to read.
 */
export async function sendTransaction(store: Store, input: TransactWriteCommandInput): Promise<void> {
  await withRetry(async () => {
    try {
      await send(store, new TransactWriteCommand(input));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflictOnly =
        reasons?.some((reason) => reason.Code === "TransactionConflict") &&
        reasons.every((reason) => reason.Code === "TransactionConflict" || reason.Code === "None");
      const inProgress = (error as { name?: string }).name === "TransactionInProgressException";
      const throttled = reasons?.some(
        (reason) => reason.Code === "ThrottlingError" || reason.Code === "ProvisionedThroughputExceeded",
      );
      if (throttled) throw new StoreUnavailableError(1, error);
      if (!(conflictOnly || inProgress)) throw error;
      return new TryAgain(error);
    }
  });
  if (store.confirmTransactions === true) await readBack(store, input);
}

/**
 * A consistent read of the transaction's first item: on DynamoDB Local it waits until the commit
 * is in its files, which the transaction's own answer does not (`StoreOptions.confirmTransactions`).
 */
async function readBack(store: Store, input: TransactWriteCommandInput): Promise<void> {
  const [first] = input.TransactItems ?? [];
  const target = first?.Put ?? first?.Update ?? first?.Delete ?? first?.ConditionCheck;
  if (target === undefined) return;
  const { partitionKey, sortKey } = tableLayout;
  const key =
    "Item" in target && target.Item !== undefined
      ? { [partitionKey]: target.Item[partitionKey], [sortKey]: target.Item[sortKey] }
      : (target as { Key: Record<string, unknown> }).Key;
  await send(store, new GetCommand({ TableName: target.TableName, Key: key, ConsistentRead: true }));
}
