/**
 * The files recorded on an item, each change one conditional `UpdateItem` that also bumps the
 * version (a file is part of the item: its ETag changes with it):
 * - a single slot (an avatar) takes a file only if it is newer than the one it holds (file ids are
 *   time-sortable), so of two racing uploads the later ticket wins whatever order S3 reports them
 *   in, and a replayed event changes nothing;
 * - a list (attachments) takes a key once (`FILEKEYS`, a string set, remembers them) and only while
 *   it has room.
 * A failed condition is read from the item it returns, so no extra read is sent.
 */
import { UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AnyEntity, DynamoDbCommand, FileRef } from "../../../model/index.js";
import { conditionFailure } from "../conditions.js";
import { FileNotFoundError, ItemNotFoundError } from "../errors.js";
import { Expressions } from "../expressions.js";
import { type Ids, itemKey } from "../items.js";
import { send } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";

/** The DynamoDB commands these operations send (commands.test.ts holds it equal to the model's grants). */
export const commands = ["UpdateItem"] as const satisfies readonly DynamoDbCommand[];

/** A file as an item records it; an avatar also says when it was recorded. */
export type RecordedFile = FileRef & { readonly updatedAt?: string };

export interface RecordFileInput {
  readonly ids: Ids;
  readonly slot: string;
  readonly multiple: boolean;
  readonly maxFiles: number;
  readonly file: FileRef;
}

/** What recording did, so the recorder knows which objects to delete. */
export type RecordOutcome =
  /** Recorded; `replaced` is the key of the file it took the place of. */
  | { readonly kind: "recorded"; readonly replaced?: string }
  /** This key is already recorded: a replayed event. */
  | { readonly kind: "duplicate" }
  /** A newer file is recorded in the slot, so this one is not wanted. */
  | { readonly kind: "superseded" }
  /** The list is full. */
  | { readonly kind: "full" }
  /** The item does not exist (deleted while the file was uploading). */
  | { readonly kind: "missing" };

function revisionUpdate(expressions: Expressions, now: string): string {
  const version = expressions.name("version");
  return `${expressions.name("updatedAt")} = ${expressions.value("now", now)}, ${version} = ${version} + ${expressions.value("one", 1)}`;
}

export function buildRecordFile(
  tableName: string,
  entity: AnyEntity,
  input: RecordFileInput,
  now: string,
): UpdateCommandInput {
  const expressions = new Expressions();
  const exists = `attribute_exists(${expressions.name(tableLayout.partitionKey)})`;
  const slot = expressions.name(input.slot);
  const key = expressions.value("key", input.file.key);
  if (!input.multiple) {
    const heldKey = `${slot}.${expressions.name("key")}`;
    return {
      TableName: tableName,
      Key: itemKey(entity, input.ids),
      UpdateExpression: `SET ${slot} = ${expressions.value("file", { ...input.file, updatedAt: now })}, ${revisionUpdate(expressions, now)}`,
      ConditionExpression: `${exists} AND (attribute_not_exists(${heldKey}) OR ${heldKey} < ${key})`,
      ...expressions.attributes(),
      ReturnValues: "UPDATED_OLD",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    };
  }
  const fileKeys = expressions.name(tableLayout.fileKeysAttribute);
  return {
    TableName: tableName,
    Key: itemKey(entity, input.ids),
    UpdateExpression:
      `SET ${slot} = list_append(if_not_exists(${slot}, ${expressions.value("none", [])}), ${expressions.value("files", [input.file])}), ` +
      `${revisionUpdate(expressions, now)} ADD ${fileKeys} ${expressions.value("keys", new Set([input.file.key]))}`,
    ConditionExpression:
      `${exists} AND NOT contains(${fileKeys}, ${key}) AND ` +
      `(attribute_not_exists(${slot}) OR size(${slot}) < ${expressions.value("max", input.maxFiles)})`,
    ...expressions.attributes(),
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
}

/** Why a record's condition failed, from the item as it was. */
function refusal(input: RecordFileInput, current: StoredItem | undefined): RecordOutcome {
  if (current === undefined) return { kind: "missing" };
  if (input.multiple) {
    const keys = current[tableLayout.fileKeysAttribute];
    return keys instanceof Set && keys.has(input.file.key) ? { kind: "duplicate" } : { kind: "full" };
  }
  const held = (current[input.slot] as { key?: unknown } | null | undefined)?.key;
  return held === input.file.key ? { kind: "duplicate" } : { kind: "superseded" };
}

export async function recordFile(
  store: Store,
  entity: AnyEntity,
  input: RecordFileInput,
): Promise<RecordOutcome> {
  try {
    const output = await send<{ Attributes?: Record<string, unknown> }>(
      store,
      new UpdateCommand(buildRecordFile(store.tableName, entity, input, store.now().toISOString())),
    );
    const replaced = (output.Attributes?.[input.slot] as { key?: unknown } | null | undefined)?.key;
    return typeof replaced === "string" ? { kind: "recorded", replaced } : { kind: "recorded" };
  } catch (error) {
    const failure = conditionFailure(error);
    if (failure === undefined) throw error;
    return refusal(input, failure.item);
  }
}

export function buildRemoveFile(
  tableName: string,
  entity: AnyEntity,
  ids: Ids,
  slot: string,
  now: string,
): UpdateCommandInput {
  const expressions = new Expressions();
  const slotName = expressions.name(slot);
  return {
    TableName: tableName,
    Key: itemKey(entity, ids),
    UpdateExpression: `REMOVE ${slotName} SET ${revisionUpdate(expressions, now)}`,
    ConditionExpression: `attribute_exists(${slotName}.${expressions.name("key")})`,
    ...expressions.attributes(),
    ReturnValues: "UPDATED_OLD",
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
}

/**
 * Clears a single slot and returns the key it held. Throws {@link ItemNotFoundError} for a missing
 * item, or {@link FileNotFoundError} when the slot is empty.
 */
export async function removeFile(store: Store, entity: AnyEntity, ids: Ids, slot: string): Promise<string> {
  try {
    const output = await send<{ Attributes?: Record<string, unknown> }>(
      store,
      new UpdateCommand(buildRemoveFile(store.tableName, entity, ids, slot, store.now().toISOString())),
    );
    return String((output.Attributes?.[slot] as { key?: unknown } | undefined)?.key);
  } catch (error) {
    const failure = conditionFailure(error);
    if (failure === undefined) throw error;
    if (failure.item === undefined) throw new ItemNotFoundError(entity.name);
    throw new FileNotFoundError(slot);
  }
}
