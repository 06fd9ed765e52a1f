/**
 * The index keys an item carries besides its own: its place in the global listing (`GSI1`, spread
 * over `TYPE#<ENTITY>#<shard>` partitions) and one entry per filter field in that field's index
 * (`GSI2`…). Written with the item (create), moved with its fields (replace, patch), and read by
 * `list`; computed here and nowhere else.
 */
import { createHash } from "node:crypto";
import { type AnyEntity, filterIndexOf, tableLayout } from "../../model/index.js";
import type { Ids } from "./items.js";

/**
 * The shard of an id, from 0 to `shards - 1`: FNV-1a (32 bits) over its UTF-8 bytes, so it is the
 * same on every machine and release, and cheap enough for every write.
 */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The global listing's partition of one shard: `TYPE#ACCOUNT#3`. */
export function listPartition(entity: AnyEntity, shard: number): string {
  return `TYPE#${entity.name.toUpperCase()}#${shard}`;
}

/** Longer strings are keyed by their digest, so a partition key stays far below DynamoDB's 2 KB. */
const longestKeyedValue = 200;

/**
 * A filter value as it appears in an index partition: booleans and numbers in their JSON spelling,
 * strings as they are unless long or holding `#` or `~`, which are keyed by `~` and their SHA-256.
 * The value is the partition's last `#`-separated part, so no value can pose as another partition's
 * (`a#STATUS#x` under one owner is never the partition of `x` under another). `undefined` for an
 * absent or `null` value: the item is then in no partition of that index.
 */
export function filterValueKey(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    if (value.length <= longestKeyedValue && !/[#~]/.test(value)) return value;
    return `~${createHash("sha256").update(value).digest("base64url")}`;
  }
  return JSON.stringify(value);
}

/**
 * The listing partition an item is in: its shard's for a global listing (`TYPE#ACCOUNT#3`), its own
 * partition otherwise (`ACCOUNT#a1`, shared with its parent).
 */
export function listingPartitionOf(entity: AnyEntity, ids: Ids): string {
  return entity.listing === "global"
    ? listPartition(entity, shardOf(ids[entity.idParam] as string, entity.shards))
    : entity.keys.pk.render(ids);
}

/** Every listing partition a list reads: each shard of a global listing, or the parent's partition. */
export function listingPartitions(entity: AnyEntity, parentIds: Ids): readonly string[] {
  if (entity.listing === "global") {
    return Array.from({ length: entity.shards }, (_, shard) => listPartition(entity, shard));
  }
  return [entity.keys.pk.render(parentIds)];
}

/**
 * The filter index partition, within one listing partition, of the items whose `field` is
 * `valueKey`: `ACCOUNT#a1#NOTE#PINNED#true` (the entity is named, as a partition holds several),
 * `TYPE#DEVICE#2#STATUS#active`.
 */
export function filterPartition(
  entity: AnyEntity,
  listingPartition: string,
  field: string,
  valueKey: string,
): string {
  const owner = entity.listing === "global" ? "" : `#${entity.name.toUpperCase()}`;
  return `${listingPartition}${owner}#${field.toUpperCase()}#${valueKey}`;
}

/** The global listing's sort key: creation time, then id, so the index is newest first. */
export function listSortKey(createdAt: string, id: string): string {
  return `${createdAt}#${id}`;
}

/** The index attributes of a new item with these ids and fields, made at `createdAt`. */
export function indexAttributes(
  entity: AnyEntity,
  ids: Ids,
  data: Readonly<Record<string, unknown>>,
  createdAt: string,
  sortKey: string,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  const global = entity.listing === "global";
  const listKey = listSortKey(createdAt, ids[entity.idParam] as string);
  if (global) {
    attributes[tableLayout.globalIndex.partitionKey] = listingPartitionOf(entity, ids);
    attributes[tableLayout.globalIndex.sortKey] = listKey;
  }
  for (const field of entity.filters) {
    const valueKey = filterValueKey(data[field]);
    if (valueKey === undefined) continue;
    const index = filterIndexOf(entity, field);
    attributes[index.partitionKey] = filterPartition(
      entity,
      listingPartitionOf(entity, ids),
      field,
      valueKey,
    );
    attributes[index.sortKey] = global ? listKey : sortKey;
  }
  return attributes;
}

/** What an update does to one index attribute: set it to a value, copy another attribute, or remove it. */
export type IndexUpdate =
  | { readonly attribute: string; readonly value: string }
  | { readonly attribute: string; readonly copyOf: string }
  | { readonly attribute: string; readonly remove: true };

/**
 * The index attributes an update moves with the filter fields it changes (`changes`: field → new
 * value, `undefined` for removed). A global entity's filter sort key is a copy of its listing sort
 * key, which the update does not know; a partition one's is the item's sort key.
 */
export function indexUpdates(
  entity: AnyEntity,
  ids: Ids,
  changes: ReadonlyMap<string, unknown>,
): IndexUpdate[] {
  const updates: IndexUpdate[] = [];
  for (const field of entity.filters) {
    if (!changes.has(field)) continue;
    const index = filterIndexOf(entity, field);
    const valueKey = filterValueKey(changes.get(field));
    if (valueKey === undefined) {
      updates.push(
        { attribute: index.partitionKey, remove: true },
        { attribute: index.sortKey, remove: true },
      );
      continue;
    }
    updates.push({
      attribute: index.partitionKey,
      value: filterPartition(entity, listingPartitionOf(entity, ids), field, valueKey),
    });
    updates.push(
      entity.listing === "global"
        ? { attribute: index.sortKey, copyOf: tableLayout.globalIndex.sortKey }
        : { attribute: index.sortKey, value: entity.keys.sk.render(ids) },
    );
  }
  return updates;
}
