/**
 * Create: one conditional write. A plain item is one `PutItem` with `attribute_not_exists`; an
 * item that claims unique values, needs its parent to exist, or honours an Idempotency-Key is one
 * `TransactWriteItems` doing all of it atomically.
 */
import {
  GetCommand,
  PutCommand,
  type PutCommandInput,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { AnyEntity, DynamoDbCommand } from "../../../model/index.js";
import { idempotencyTtlSeconds } from "../../limits.js";
import { takeClaim } from "../claims.js";
import { conditionFailure, failedCondition, itemFromFailure } from "../conditions.js";
import {
  AlreadyExistsError,
  IdempotencyKeyReusedError,
  ParentNotFoundError,
  UniqueValueTakenError,
} from "../errors.js";
import { epochSeconds } from "../expiry.js";
import { Expressions } from "../expressions.js";
import { indexAttributes } from "../index-keys.js";
import {
  claimHolder,
  type Ids,
  idempotencyKey,
  itemKey,
  type RevisedItem,
  revised,
  rootEntity,
  toPublicItem,
} from "../items.js";
import { cancellationReasons, send, sendTransaction } from "../send.js";
import type { Store } from "../store.js";
import type { IdempotencyRecord, StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";

/**
 * The DynamoDB commands this operation may send: a plain `PutItem`, or the transaction; `GetItem`
 * reads an idempotency record the cancellation did not return. The model grants each function the IAM
 * actions for these (`storeOperationCommands`; commands.test.ts holds the two lists equal).
 */
export const commands = [
  "PutItem",
  "TransactWriteItems",
  "GetItem",
] as const satisfies readonly DynamoDbCommand[];

export interface CreateInput {
  /** Ids of the ancestors, from the path (`{ accountId }` for a note); empty for a root entity. */
  readonly parentIds: Ids;
  /** The caller's `sub`: the id of a `subject`-id entity, and the owner of the idempotency record. */
  readonly ownerId: string;
  /** Validated writable fields, defaults applied. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
}

export interface CreateResult extends RevisedItem {
  /** `true` when an earlier request with the same Idempotency-Key made the item. */
  readonly replayed: boolean;
}

type Role =
  | { readonly kind: "item" }
  | { readonly kind: "parent" }
  | { readonly kind: "unique"; readonly field: string }
  | { readonly kind: "idempotency" };

export type CreateRequest =
  | { readonly kind: "put"; readonly input: PutCommandInput }
  | {
      readonly kind: "transaction";
      readonly input: TransactWriteCommandInput;
      readonly roles: readonly Role[];
    };

function notExists(): { ConditionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  const expressions = new Expressions();
  return {
    ConditionExpression: `attribute_not_exists(${expressions.name(tableLayout.partitionKey)})`,
    ...expressions.attributes(),
  } as { ConditionExpression: string; ExpressionAttributeNames: Record<string, string> };
}

/** What a create is given rather than computes: the new id, the time and the item's incarnation token. */
export interface Made {
  readonly id: string;
  readonly now: Date;
  readonly incarnation: string;
}

/** The item as it will be stored. */
export function newStoredItem(
  entity: AnyEntity,
  ids: Ids,
  data: CreateInput["data"],
  made: Omit<Made, "id">,
): StoredItem {
  const timestamp = made.now.toISOString();
  const key = itemKey(entity, ids);
  return {
    ...key,
    ...indexAttributes(entity, ids, data, timestamp, key[tableLayout.sortKey]),
    ...ids,
    ...data,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
    [tableLayout.incarnationAttribute]: made.incarnation,
    ...(entity.ttlSeconds === undefined
      ? {}
      : { [tableLayout.ttlAttribute]: epochSeconds(made.now) + entity.ttlSeconds }),
  };
}

/** The exact request a create sends. Pure: the id, the time and the incarnation are given. */
export function buildCreate(
  tableName: string,
  entity: AnyEntity,
  input: CreateInput,
  made: Made,
): { readonly stored: StoredItem; readonly request: CreateRequest } {
  const ids = { ...input.parentIds, [entity.idParam]: made.id };
  const stored = newStoredItem(entity, ids, input.data, made);
  const put = { TableName: tableName, Item: stored, ...notExists() };
  const parent = entity.parent;
  const claims = entity.unique.filter((field) => typeof input.data[field] === "string");
  if (parent === undefined && claims.length === 0 && input.idempotency === undefined) {
    return { stored, request: { kind: "put", input: put } };
  }

  const items: NonNullable<TransactWriteCommandInput["TransactItems"]> = [{ Put: put }];
  const roles: Role[] = [{ kind: "item" }];
  if (parent !== undefined) {
    const expressions = new Expressions();
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: itemKey(parent, input.parentIds),
        ConditionExpression: `attribute_exists(${expressions.name(tableLayout.partitionKey)})`,
        ...expressions.attributes(),
      },
    });
    roles.push({ kind: "parent" });
  }
  for (const field of claims) {
    items.push(
      takeClaim(tableName, {
        entity,
        field,
        value: input.data[field] as string,
        holder: claimHolder(entity, ids),
      }),
    );
    roles.push({ kind: "unique", field });
  }
  if (input.idempotency !== undefined) {
    const expressions = new Expressions();
    const nowSeconds = epochSeconds(made.now);
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...idempotencyKey(rootEntity(entity), input.ownerId, input.idempotency.key),
          fingerprint: input.idempotency.fingerprint,
          item: toPublicItem(entity, stored),
          // The replay answers the same ETag, which the public item alone cannot give.
          [tableLayout.incarnationAttribute]: made.incarnation,
          [tableLayout.ttlAttribute]: nowSeconds + idempotencyTtlSeconds,
        } satisfies IdempotencyRecord,
        // A record past its expiry counts as absent: DynamoDB deletes expired items lazily (up to
        // days later) and DynamoDB Local never does.
        ConditionExpression: `attribute_not_exists(${expressions.name(tableLayout.partitionKey)}) OR ${expressions.name(tableLayout.ttlAttribute)} <= ${expressions.value("now", nowSeconds)}`,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        ...expressions.attributes(),
      },
    });
    roles.push({ kind: "idempotency" });
  }
  return { stored, request: { kind: "transaction", input: { TransactItems: items }, roles } };
}

/**
 * Reads the record that made an idempotent create fail, for engines that do not return it with
 * the cancellation (`ReturnValuesOnConditionCheckFailure` in transactions is recent). Only on
 * that failure path: a first create is still one request.
 */
async function readIdempotencyRecord(
  store: Store,
  entity: AnyEntity,
  input: CreateInput,
): Promise<IdempotencyRecord | undefined> {
  if (input.idempotency === undefined) return undefined;
  const output = await send<{ Item?: IdempotencyRecord }>(
    store,
    new GetCommand({
      TableName: store.tableName,
      Key: idempotencyKey(rootEntity(entity), input.ownerId, input.idempotency.key),
      ConsistentRead: true,
    }),
  );
  return output.Item;
}

export async function createItem(store: Store, entity: AnyEntity, input: CreateInput): Promise<CreateResult> {
  const id = entity.idSource === "subject" ? input.ownerId : store.newId();
  const { stored, request } = buildCreate(store.tableName, entity, input, {
    id,
    now: store.now(),
    incarnation: store.newIncarnation(),
  });
  if (request.kind === "put") {
    try {
      await send(store, new PutCommand(request.input));
    } catch (error) {
      if (conditionFailure(error) !== undefined) {
        throw new AlreadyExistsError(entity.name);
      }
      throw error;
    }
    return { ...revised(entity, stored), replayed: false };
  }
  try {
    await sendTransaction(store, request.input);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === undefined) throw error;
    // The idempotency record decides first: a replay is not a conflict, whatever else failed.
    for (const [index, role] of request.roles.entries()) {
      const reason = reasons[index];
      if (role.kind !== "idempotency" || !failedCondition(reason)) continue;
      const record =
        itemFromFailure<IdempotencyRecord>(reason.Item) ??
        (await readIdempotencyRecord(store, entity, input));
      if (record === undefined || record.fingerprint !== input.idempotency?.fingerprint) {
        throw new IdempotencyKeyReusedError();
      }
      // DynamoDB keeps no key order in a map: the stored reply is put back in the public item's
      // order, so a replay's body is byte for byte the first reply's.
      const item = toPublicItem(entity, record.item as StoredItem);
      const revision = { incarnation: record[tableLayout.incarnationAttribute], version: item.version };
      return { item, revision, replayed: true };
    }
    for (const [index, role] of request.roles.entries()) {
      if (!failedCondition(reasons[index])) continue;
      if (role.kind === "item") throw new AlreadyExistsError(entity.name);
      if (role.kind === "parent") throw new ParentNotFoundError((entity.parent as AnyEntity).name);
      if (role.kind === "unique") throw new UniqueValueTakenError(entity.name, role.field);
    }
    throw error;
  }
  return { ...revised(entity, stored), replayed: false };
}
