/** Get: one strongly consistent `GetItem`, so a read right after a write sees it (and its ETag). */
import { GetCommand, type GetCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AnyEntity, DynamoDbCommand } from "../../../model/index.js";
import { type RevisionCondition, revisionAccepted, revisionOf } from "../conditions.js";
import { ItemNotFoundError, VersionMismatchError } from "../errors.js";
import { hasExpired } from "../expiry.js";
import { type Ids, itemKey, type RevisedItem, revised } from "../items.js";
import { send } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";

/**
 * The DynamoDB commands this operation may send: one `GetItem`. The model grants each function the IAM
 * actions for these (`storeOperationCommands`; commands.test.ts holds the two lists equal).
 */
export const commands = ["GetItem"] as const satisfies readonly DynamoDbCommand[];

export function buildGet(tableName: string, entity: AnyEntity, ids: Ids): GetCommandInput {
  return { TableName: tableName, Key: itemKey(entity, ids), ConsistentRead: true };
}

/** The stored item, or `undefined` when there is none or it has expired (`present`). */
export async function readStoredItem(
  store: Store,
  entity: AnyEntity,
  ids: Ids,
): Promise<StoredItem | undefined> {
  const output = await send<{ Item?: StoredItem }>(
    store,
    new GetCommand(buildGet(store.tableName, entity, ids)),
  );
  return present(output.Item, store.now());
}

/** An item as the API sees it: `undefined` once past its expiry, though DynamoDB may still hold it. */
export function present(item: StoredItem | undefined, now: Date): StoredItem | undefined {
  return item === undefined || hasExpired(item, now) ? undefined : item;
}

/** Why a conditional write failed, from the item as it is now: gone (404), or at another revision (412). */
export function writeConflict(
  entity: AnyEntity,
  current: StoredItem | undefined,
): ItemNotFoundError | VersionMismatchError {
  return current === undefined
    ? new ItemNotFoundError(entity.name)
    : new VersionMismatchError(entity.name, revisionOf(current));
}

/** `current`, if a write under `ifMatch` may act on it; else its {@link writeConflict}. */
export function writableItem(
  entity: AnyEntity,
  current: StoredItem | undefined,
  ifMatch: RevisionCondition | undefined,
): StoredItem {
  if (current === undefined || !revisionAccepted(ifMatch, revisionOf(current))) {
    throw writeConflict(entity, current);
  }
  return current;
}

export async function getItem(store: Store, entity: AnyEntity, ids: Ids): Promise<RevisedItem> {
  const stored = await readStoredItem(store, entity, ids);
  if (stored === undefined) throw new ItemNotFoundError(entity.name);
  return revised(entity, stored);
}
