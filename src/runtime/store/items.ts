/**
 * Between an entity's public item and what is stored: keys derived from the entity's templates,
 * storage attributes stripped, and unset nullable fields and file slots shown as `null`/`[]`.
 */
import { type AnyEntity, reservedKeyPrefixes } from "../../model/index.js";
import { type Revision, revisionOf } from "./conditions.js";
import type { PublicItem, StoredItem, TableKey } from "./stored.js";
import { storageAttributes, tableLayout } from "./table.js";

/** Id values by parameter name: `{ userId: "alice", todoId: "0190…" }`. */
export type Ids = Readonly<Record<string, string>>;

export function itemKey(entity: AnyEntity, ids: Ids): TableKey {
  return {
    [tableLayout.partitionKey]: entity.keys.pk.render(ids),
    [tableLayout.sortKey]: entity.keys.sk.render(ids),
  };
}

/** Where every unique-value claim lives: a partition prefix no entity's key may start with. */
export const claimPrefix = reservedKeyPrefixes.uniqueClaim.prefix;

/**
 * The claim item that reserves `value` of an entity's unique field, namespaced by the entity so
 * two entities with a unique `email` never block each other: `UNIQUE#ACCOUNT#HANDLE#ada` /
 * `UNIQUE#ACCOUNT#HANDLE`.
 */
export function uniqueClaimKey(entity: AnyEntity, field: string, value: string): TableKey {
  const label = `${claimPrefix}${entity.name.toUpperCase()}#${field.toUpperCase()}`;
  return { [tableLayout.partitionKey]: `${label}#${value}`, [tableLayout.sortKey]: label };
}

/** Who holds a claim: the owning item's key, so a claim is only ever released by its holder. */
export function claimHolder(entity: AnyEntity, ids: Ids): string {
  return `${entity.keys.pk.render(ids)}|${entity.keys.sk.render(ids)}`;
}

/** The idempotency record of `key` in the owner's partition: `ACCOUNT#a1` / `IDEMP#<key>`. */
export function idempotencyKey(rootEntity: AnyEntity, ownerId: string, key: string): TableKey {
  return {
    [tableLayout.partitionKey]: rootEntity.keys.pk.render({ [rootEntity.ownerParam]: ownerId }),
    [tableLayout.sortKey]: `${idempotencyPrefix}${key}`,
  };
}

export const idempotencyPrefix = reservedKeyPrefixes.idempotencyRecord.prefix;

/** The root of an entity's parent chain: the entity whose id is the owner's `sub`. */
export function rootEntity(entity: AnyEntity): AnyEntity {
  let current = entity;
  while (current.parent !== undefined) current = current.parent;
  return current;
}

/** What a client sees of a stored item. */
export function toPublicItem(entity: AnyEntity, stored: StoredItem): PublicItem {
  const item: Record<string, unknown> = {};
  for (const param of entity.idParams) item[param] = stored[param];
  for (const field of entity.fields) {
    const value = stored[field.name];
    if (value !== undefined) item[field.name] = value;
    else if (field.nullable) item[field.name] = null;
  }
  for (const [name, slot] of Object.entries(entity.files)) {
    item[name] = stored[name] ?? (slot.multiple ? [] : null);
  }
  for (const attribute of storageAttributes) delete item[attribute];
  return { ...item, createdAt: stored.createdAt, updatedAt: stored.updatedAt, version: stored.version };
}

/** An item as a client sees it, with the revision its ETag is made from. */
export interface RevisedItem {
  readonly item: PublicItem;
  readonly revision: Revision;
}

export function revised(entity: AnyEntity, stored: StoredItem): RevisedItem {
  return { item: toPublicItem(entity, stored), revision: revisionOf(stored) };
}

/** The keys of the files an item records, in every slot. */
export function fileKeysOf(
  entity: AnyEntity,
  stored: Readonly<Record<string, unknown>> | undefined,
): string[] {
  if (stored === undefined) return [];
  return Object.keys(entity.files).flatMap((slot) => {
    const value = stored[slot];
    const files = Array.isArray(value) ? value : [value];
    return files.flatMap((file) => {
      const key = (file as { key?: unknown } | null | undefined)?.key;
      return typeof key === "string" ? [key] : [];
    });
  });
}

/** The ids of a stored item, read back from its attributes. */
export function idsOf(entity: AnyEntity, stored: StoredItem): Record<string, string> {
  return Object.fromEntries(entity.idParams.map((param) => [param, String(stored[param])]));
}
