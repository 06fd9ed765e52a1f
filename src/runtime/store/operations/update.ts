/**
 * Replace (PUT) and merge patch (PATCH): one `UpdateItem` with `ADD version 1`, never a
 * read-modify-write, so a concurrent change to another field is never lost.
 *
 * Unique values (a handle) are guarded in the same condition. When the guard fails because the
 * value really changes, the failed write hands back the current item, and one
 * `TransactWriteItems` moves the claim: it updates the item at exactly the version just seen,
 * releases the old claim and takes the new one.
 */

import {
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { AnyEntity, DynamoDbCommand } from "../../../model/index.js";
import { releaseClaim, takeClaim } from "../claims.js";
import {
  conditionFailure,
  failedCondition,
  pinsRevision,
  type Revision,
  type RevisionCondition,
  revisionCondition,
  revisionOf,
} from "../conditions.js";
import { UniqueValueTakenError } from "../errors.js";
import { notExpired } from "../expiry.js";
import { Expressions } from "../expressions.js";
import { indexUpdates } from "../index-keys.js";
import { claimHolder, type Ids, itemKey, type RevisedItem, revised } from "../items.js";
import { TryAgain, withRetry } from "../retry.js";
import { cancellationReasons, send, sendTransaction } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";
import { present, readStoredItem, writableItem, writeConflict } from "./get.js";

/**
 * The DynamoDB commands this operation may send: the `UpdateItem`, the claim-moving transaction, and
 * `GetItem` for the current item. The model grants each function the IAM actions for these
 * (`storeOperationCommands`; commands.test.ts holds the two lists equal).
 */
export const commands = [
  "UpdateItem",
  "TransactWriteItems",
  "GetItem",
] as const satisfies readonly DynamoDbCommand[];

export interface UpdateInput {
  readonly ids: Ids;
  /**
   * `replace`: `changes` holds every writable field (defaults applied); fields it lacks are removed.
   * `patch`: `changes` holds only the fields to change; `null` removes a field (RFC 7396).
   */
  readonly mode: "replace" | "patch";
  readonly changes: Readonly<Record<string, unknown>>;
  /** From `If-Match`; `undefined` writes whatever the version. */
  readonly ifMatch?: RevisionCondition;
}

/** Field → new value (`undefined` = remove), after replace/patch semantics and defaults. */
export function resolveChanges(entity: AnyEntity, input: UpdateInput): Map<string, unknown> {
  const resolved = new Map<string, unknown>();
  for (const field of entity.fields) {
    const present = Object.hasOwn(input.changes, field.name);
    if (input.mode === "patch" && !present) continue;
    const value = present ? input.changes[field.name] : undefined;
    if (value === null || value === undefined) {
      // Removing a field that has a default puts the default back, as a create would.
      resolved.set(field.name, field.hasDefault ? z.parse(field.schema, undefined) : undefined);
    } else {
      resolved.set(field.name, value);
    }
  }
  return resolved;
}

interface UpdatePlan {
  readonly input: UpdateCommandInput & {
    TableName: string;
    UpdateExpression: string;
    ConditionExpression: string;
  };
  readonly changes: Map<string, unknown>;
}

/**
 * The exact `UpdateItem` a replace or patch sends. `guardUnique` adds `#field = :new` for each
 * unique field it sets, so a write that would change a claimed value fails instead.
 * `expected` pins the write to one revision (the transaction path).
 */
export function buildUpdate(
  tableName: string,
  entity: AnyEntity,
  input: UpdateInput,
  now: Date,
  options: { readonly guardUnique: boolean; readonly expected?: Revision } = { guardUnique: true },
): UpdatePlan {
  const changes = resolveChanges(entity, input);
  const expressions = new Expressions();
  const set: string[] = [];
  const remove: string[] = [];
  const placeholders = new Map<string, string>();
  for (const [field, value] of changes) {
    if (value === undefined) {
      remove.push(expressions.name(field));
    } else {
      placeholders.set(field, expressions.value(field, value));
      set.push(`${expressions.name(field)} = ${placeholders.get(field)}`);
    }
  }
  // The filter indexes follow the fields they serve, in the same write.
  for (const update of indexUpdates(entity, input.ids, changes)) {
    const attribute = expressions.name(update.attribute);
    if ("remove" in update) remove.push(attribute);
    else if ("copyOf" in update) set.push(`${attribute} = ${expressions.name(update.copyOf)}`);
    else set.push(`${attribute} = ${expressions.value(update.attribute, update.value)}`);
  }
  set.push(`${expressions.name("updatedAt")} = ${expressions.value("updatedAt", now.toISOString())}`);
  const conditions = [`attribute_exists(${expressions.name(tableLayout.partitionKey)})`];
  // An item past its expiry is gone for the API, whether or not DynamoDB has deleted it yet.
  if (entity.ttlSeconds !== undefined) conditions.push(notExpired(expressions, now));
  const version =
    options.expected === undefined
      ? revisionCondition(expressions, input.ifMatch)
      : revisionCondition(expressions, [options.expected]);
  if (version !== undefined) conditions.push(version);
  if (options.guardUnique) {
    for (const field of entity.unique) {
      if (!changes.has(field)) continue;
      const value = changes.get(field);
      conditions.push(
        value === undefined
          ? `attribute_not_exists(${expressions.name(field)})`
          : `${expressions.name(field)} = ${placeholders.get(field)}`,
      );
    }
  }
  const updateExpression =
    `SET ${set.join(", ")}` +
    (remove.length > 0 ? ` REMOVE ${remove.join(", ")}` : "") +
    ` ADD ${expressions.name("version")} ${expressions.value("one", 1)}`;
  return {
    changes,
    input: {
      TableName: tableName,
      Key: itemKey(entity, input.ids),
      UpdateExpression: updateExpression,
      ConditionExpression: conditions.join(" AND "),
      ...expressions.attributes(),
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/** The item after `changes`, as DynamoDB will have written it at `version + 1`. */
function applied(current: StoredItem, changes: Map<string, unknown>, now: Date): StoredItem {
  // Writable, so the fields a patch removes can be deleted.
  const next: { -readonly [K in keyof StoredItem]: StoredItem[K] } = {
    ...current,
    ...Object.fromEntries(changes),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  for (const [field, value] of changes) if (value === undefined) delete next[field];
  return next;
}

export async function updateItem(store: Store, entity: AnyEntity, input: UpdateInput): Promise<RevisedItem> {
  if (input.mode === "patch" && Object.keys(input.changes).length === 0) {
    // An empty merge patch changes nothing: answer the current item, still honouring If-Match.
    const current = await readStoredItem(store, entity, input.ids);
    return revised(entity, writableItem(entity, current, input.ifMatch));
  }
  return withRetry(async () => {
    const now = store.now();
    const plan = buildUpdate(store.tableName, entity, input, now);
    let current: StoredItem | undefined;
    try {
      // `ReturnValues: ALL_NEW`: a write that succeeded always returns the item.
      const output = await send<{ Attributes: StoredItem }>(store, new UpdateCommand(plan.input));
      return revised(entity, output.Attributes);
    } catch (error) {
      const failure = conditionFailure(error);
      if (failure === undefined) throw error;
      current = present(failure.item, now) ?? (await readStoredItem(store, entity, input.ids));
    }
    const accepted = writableItem(entity, current, input.ifMatch);
    const moved = await moveUniqueValues(store, entity, input, accepted, now);
    if (moved !== undefined) return revised(entity, moved);
    // The item changed between the two writes. Under If-Match that is a 412; without it the
    // client asked for no precondition, so try again from the start, and past a few attempts
    // report contention (503, retry later) rather than a precondition it never set.
    if (pinsRevision(input.ifMatch)) {
      throw writeConflict(entity, await readStoredItem(store, entity, input.ids));
    }
    return new TryAgain(new Error(`${entity.name} kept changing during the update`));
  });
}

/**
 * One transaction: the update pinned to the version seen, each old claim released (only by its
 * holder) and each new one taken. Returns the new item, or `undefined` when the item changed
 * meanwhile.
 */
/**
 * The transaction that moves unique values: the update pinned to the version read, then for each
 * changed unique field the old claim released and the new one taken. `takes` maps the index of
 * each take in `TransactItems` to its field, to read a cancellation. Pure: `current` and the time
 * are given.
 */
export function buildClaimMove(
  tableName: string,
  entity: AnyEntity,
  input: UpdateInput,
  current: StoredItem,
  now: Date,
): {
  readonly input: TransactWriteCommandInput;
  readonly takes: ReadonlyMap<number, string>;
  readonly changes: Map<string, unknown>;
} {
  const plan = buildUpdate(tableName, entity, input, now, {
    guardUnique: false,
    expected: revisionOf(current),
  });
  // Transactions return no item: the new one is computed from the version the update is pinned to.
  const { ReturnValues: _new, ReturnValuesOnConditionCheckFailure: _old, ...update } = plan.input;
  const holder = claimHolder(entity, input.ids);
  const items: NonNullable<TransactWriteCommandInput["TransactItems"]> = [{ Update: update }];
  const takes = new Map<number, string>();
  for (const field of entity.unique) {
    if (!plan.changes.has(field)) continue;
    const before = current[field];
    const after = plan.changes.get(field);
    if (before === after) continue;
    if (typeof before === "string")
      items.push(releaseClaim(tableName, { entity, field, value: before, holder }));
    if (typeof after === "string") {
      takes.set(items.length, field);
      items.push(takeClaim(tableName, { entity, field, value: after, holder }));
    }
  }
  return { input: { TransactItems: items }, takes, changes: plan.changes };
}

/** Sends the claim move; returns the new item, or `undefined` when the item changed meanwhile. */
async function moveUniqueValues(
  store: Store,
  entity: AnyEntity,
  input: UpdateInput,
  current: StoredItem,
  now: Date,
): Promise<StoredItem | undefined> {
  const { input: transaction, takes, changes } = buildClaimMove(store.tableName, entity, input, current, now);
  try {
    await sendTransaction(store, transaction);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === undefined) throw error;
    for (const [index, field] of takes) {
      if (failedCondition(reasons[index])) throw new UniqueValueTakenError(entity.name, field);
    }
    if (failedCondition(reasons[0])) return undefined;
    throw error;
  }
  return applied(current, changes, now);
}
