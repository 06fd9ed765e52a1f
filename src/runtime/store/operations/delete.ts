/**
 * Delete. A plain item is one conditional `DeleteItem`. An item that holds unique claims or has
 * children in its partition is deleted in one transaction with its claims (at exactly the
 * version read), then its children are swept with batched deletes that resend unprocessed
 * items. A retried delete of an already-deleted item sweeps any leftovers before its 404, so a
 * sweep interrupted by an outage is finished by the client's retry.
 */
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { AnyEntity, DynamoDbCommand } from "../../../model/index.js";
import { releaseClaim } from "../claims.js";
import {
  conditionFailure,
  failedCondition,
  pinsRevision,
  type RevisionCondition,
  revisionCondition,
  revisionOf,
} from "../conditions.js";
import { ItemNotFoundError } from "../errors.js";
import { Expressions } from "../expressions.js";
import { claimHolder, fileKeysOf, type Ids, idempotencyPrefix, itemKey } from "../items.js";
import { TryAgain, withRetry } from "../retry.js";
import { cancellationReasons, send, sendTransaction } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";
import { readStoredItem, writableItem, writeConflict } from "./get.js";

/**
 * The DynamoDB commands this operation may send: the delete (plain or with its claims), `GetItem` for
 * the current item, and the sweep of its children (`Query`, `BatchWriteItem`). The model grants each
 * function the IAM actions for these (`storeOperationCommands`; commands.test.ts holds the two lists
 * equal).
 */
export const commands = [
  "DeleteItem",
  "TransactWriteItems",
  "GetItem",
  "Query",
  "BatchWriteItem",
] as const satisfies readonly DynamoDbCommand[];

export interface DeleteInput {
  readonly ids: Ids;
  readonly ifMatch?: RevisionCondition;
  /** Entities stored under this one, in its partition (an account's notes); swept after it. */
  readonly descendants: readonly AnyEntity[];
}

/** BatchWriteItem takes at most 25 requests (AWS-FACTS.md §9). */
export const batchSize = 25;

export function buildDelete(tableName: string, entity: AnyEntity, input: DeleteInput): DeleteCommandInput {
  const expressions = new Expressions();
  const conditions = [`attribute_exists(${expressions.name(tableLayout.partitionKey)})`];
  const version = revisionCondition(expressions, input.ifMatch);
  if (version !== undefined) conditions.push(version);
  return {
    TableName: tableName,
    Key: itemKey(entity, input.ids),
    ConditionExpression: conditions.join(" AND "),
    ...expressions.attributes(),
    // The deleted item names its files, which go with it.
    ReturnValues: "ALL_OLD",
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
}

/**
 * What the item owns in its partition, by sort-key prefix: each descendant's keys under this item's
 * ids (`NOTE#n1#CHECK#`, not another note's), and a root's idempotency records when the partition
 * is the root item's alone (a creator's partition holds all their items, and its records expire).
 */
export function sweptKinds(
  entity: AnyEntity,
  ids: Ids,
  descendants: readonly AnyEntity[],
): { readonly prefix: string; readonly entity?: AnyEntity }[] {
  const kinds: { prefix: string; entity?: AnyEntity }[] = descendants.map((descendant) => ({
    prefix: descendant.keys.sk.scopePrefix(ids),
    entity: descendant,
  }));
  const ownsPartition = entity.parent === undefined && entity.keys.pk.params.includes(entity.idParam);
  if (ownsPartition) kinds.push({ prefix: idempotencyPrefix });
  return kinds;
}

/** The longest prefix all of `prefixes` start with. */
function commonPrefix(prefixes: readonly string[]): string {
  const [first = "", ...rest] = prefixes;
  let length = first.length;
  for (const prefix of rest) {
    while (!prefix.startsWith(first.slice(0, length))) length--;
  }
  return first.slice(0, length);
}

/**
 * The keys of everything the item owns in its partition (see `sweptKinds`), with the descendants'
 * file slots, whose objects are deleted too: the whole partition, or only the keys under the
 * prefix all those kinds share.
 */
export function buildSweepQuery(
  tableName: string,
  entity: AnyEntity,
  ids: Ids,
  descendants: readonly AnyEntity[] = [],
): QueryCommandInput {
  const expressions = new Expressions();
  const slots = [...new Set(descendants.flatMap((descendant) => Object.keys(descendant.files)))];
  const projected = [tableLayout.partitionKey, tableLayout.sortKey, ...slots];
  const shared = commonPrefix(sweptKinds(entity, ids, descendants).map(({ prefix }) => prefix));
  const underShared =
    shared === ""
      ? ""
      : ` AND begins_with(${expressions.name(tableLayout.sortKey)}, ${expressions.value("prefix", shared)})`;
  return {
    TableName: tableName,
    KeyConditionExpression: `${expressions.name(tableLayout.partitionKey)} = ${expressions.value("pk", entity.keys.pk.render(ids))}${underShared}`,
    ProjectionExpression: projected.map((name) => expressions.name(name)).join(", "),
    ...expressions.attributes(),
    ConsistentRead: true,
  };
}

export function buildBatchDelete(
  tableName: string,
  keys: readonly Record<string, unknown>[],
): BatchWriteCommandInput {
  return { RequestItems: { [tableName]: keys.map((Key) => ({ DeleteRequest: { Key } })) } };
}

/** What a delete removed that lives outside the table: the keys of the files it recorded. */
export interface DeleteResult {
  readonly fileKeys: readonly string[];
}

export async function deleteItem(store: Store, entity: AnyEntity, input: DeleteInput): Promise<DeleteResult> {
  if (entity.unique.length === 0 && input.descendants.length === 0) {
    return { fileKeys: fileKeysOf(entity, await deletePlainItem(store, entity, input)) };
  }
  const deleted = await withRetry(async () => {
    const current = await readStoredItem(store, entity, input.ids);
    if (current === undefined) {
      await sweepDescendants(store, entity, input);
      throw new ItemNotFoundError(entity.name);
    }
    const accepted = writableItem(entity, current, input.ifMatch);
    if (await deleteWithClaims(store, entity, input, accepted)) return accepted;
    if (pinsRevision(input.ifMatch)) throw writeConflict(entity, current);
    return new TryAgain(new Error(`${entity.name} kept changing during the delete`));
  });
  const swept = await sweepDescendants(store, entity, input);
  return { fileKeys: [...fileKeysOf(entity, deleted), ...swept] };
}

/** The item as it was deleted. */
async function deletePlainItem(store: Store, entity: AnyEntity, input: DeleteInput): Promise<StoredItem> {
  try {
    const output = await send<{ Attributes?: StoredItem }>(
      store,
      new DeleteCommand(buildDelete(store.tableName, entity, input)),
    );
    return output.Attributes as StoredItem;
  } catch (error) {
    const failure = conditionFailure(error);
    if (failure === undefined) throw error;
    throw writeConflict(entity, failure.item ?? (await readStoredItem(store, entity, input.ids)));
  }
}

/**
 * The transaction deleting an item with its claims. Under If-Match the item must still be at the
 * revision read; without it, only its unique values must still be the ones whose claims are
 * released, so edits to other fields never starve an unconditional delete. Pure.
 */
export function buildDeleteWithClaims(
  tableName: string,
  entity: AnyEntity,
  input: DeleteInput,
  current: StoredItem,
): TransactWriteCommandInput {
  const { ids } = input;
  const expressions = new Expressions();
  const conditions = [`attribute_exists(${expressions.name(tableLayout.partitionKey)})`];
  if (pinsRevision(input.ifMatch)) {
    conditions.push(revisionCondition(expressions, [revisionOf(current)]) as string);
  } else {
    for (const field of entity.unique) {
      const value = current[field];
      conditions.push(
        typeof value === "string"
          ? `${expressions.name(field)} = ${expressions.value(field, value)}`
          : `attribute_not_exists(${expressions.name(field)})`,
      );
    }
  }
  const holder = claimHolder(entity, ids);
  const claims = entity.unique.flatMap((field) => {
    const value = current[field];
    return typeof value === "string" ? [releaseClaim(tableName, { entity, field, value, holder })] : [];
  });
  return {
    TransactItems: [
      {
        Delete: {
          TableName: tableName,
          Key: itemKey(entity, ids),
          ConditionExpression: conditions.join(" AND "),
          ...expressions.attributes(),
        },
      },
      ...claims,
    ],
  };
}

/** Sends the delete with its claims; `false` if the item changed in a way that matters meanwhile. */
async function deleteWithClaims(
  store: Store,
  entity: AnyEntity,
  input: DeleteInput,
  current: StoredItem,
): Promise<boolean> {
  try {
    await sendTransaction(store, buildDeleteWithClaims(store.tableName, entity, input, current));
    return true;
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (failedCondition(reasons?.[0])) return false;
    throw error;
  }
}

/** Deletes the descendants (and a root's idempotency records); returns the keys of their files. */
async function sweepDescendants(store: Store, entity: AnyEntity, input: DeleteInput): Promise<string[]> {
  if (input.descendants.length === 0) return [];
  const kinds = sweptKinds(entity, input.ids, input.descendants);
  const kindOf = (item: StoredItem) =>
    kinds.find(({ prefix }) => String(item[tableLayout.sortKey]).startsWith(prefix));
  const query = buildSweepQuery(store.tableName, entity, input.ids, input.descendants);
  const fileKeys: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send<{ Items?: StoredItem[]; LastEvaluatedKey?: Record<string, unknown> }>(
      store,
      new QueryCommand(startKey === undefined ? query : { ...query, ExclusiveStartKey: startKey }),
    );
    const owned = (page.Items ?? []).filter((item) => kindOf(item) !== undefined);
    for (const item of owned) {
      const owner = kindOf(item)?.entity;
      if (owner !== undefined) fileKeys.push(...fileKeysOf(owner, item));
    }
    // Only the keys: the projection also holds the file slots.
    const keys = owned.map((item) => ({
      [tableLayout.partitionKey]: item[tableLayout.partitionKey],
      [tableLayout.sortKey]: item[tableLayout.sortKey],
    }));
    for (let start = 0; start < keys.length; start += batchSize) {
      await batchDelete(store, keys.slice(start, start + batchSize));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return fileKeys;
}

/** One BatchWriteItem, resending `UnprocessedItems` under the store's retry policy. */
async function batchDelete(store: Store, keys: readonly Record<string, unknown>[]): Promise<void> {
  let request: BatchWriteCommandInput["RequestItems"] = buildBatchDelete(store.tableName, keys).RequestItems;
  await withRetry(async (attempt) => {
    const output = await send<{ UnprocessedItems?: BatchWriteCommandInput["RequestItems"] }>(
      store,
      new BatchWriteCommand({ RequestItems: request }),
    );
    request = output.UnprocessedItems;
    if (request === undefined || Object.keys(request).length === 0) return undefined;
    return new TryAgain(new Error(`BatchWriteItem left items unprocessed after ${attempt} attempts`), 2);
  });
}
