/**
 * `defineEntity`: one declaration of a resource (schema, keys, owner, parent, operations, files)
 * from which routes, keys, request bodies, item types and JSON Schemas are derived.
 */
import type * as core from "zod/v4/core";
import { tableLayout } from "./describe/table.js";
import { describeFields, type FieldInfo } from "./fields.js";
import { type KeyTemplate, keyTemplate } from "./keys.js";
import { refuseUnworkableEntity } from "./refusals.js";

/** Who may call an operation. `owner` is the caller whose token `sub` owns the data. */
export type Access = "public" | "authenticated" | "owner" | "ownerOrAdmin" | "admin";

/** The CRUD operations an entity can expose, each becoming one route and one function. */
export type Operation = "create" | "list" | "get" | "replace" | "patch" | "delete";

export const operations: readonly Operation[] = ["create", "list", "get", "replace", "patch", "delete"];

/** A file slot on an item, filled through presigned S3 uploads (see API.md, Files). */
export interface FileSlot {
  /** `false`: one file or `null` (an avatar); `true`: a list of files (attachments). */
  readonly multiple: boolean;
  /** The media types a ticket may be asked for, each pinned in its upload's POST policy. */
  readonly contentTypes: readonly string[];
  /** The largest upload the policy allows (S3's `content-length-range`). */
  readonly maxBytes: number;
  /** A list's longest length, which keeps the item well below DynamoDB's 400 KB. @default 20 */
  readonly maxFiles?: number;
}

export interface EntityOptions<Shape extends core.$ZodShape> {
  /** Singular name, used in messages and types: `"account"`. */
  readonly name: string;
  /** The collection's path segment: `"accounts"`. */
  readonly collection: string;
  /** The item's id, as a path parameter and a field of the item: `"userId"`. */
  readonly idParam: string;
  /**
   * Where the id comes from.
   * - `subject`: the caller's token `sub` (one item per caller, e.g. a profile);
   * - `generated`: a server-made, time-sortable id (UUIDv7), so a partition query is newest first.
   *   A root entity with a generated id (a device) has no owner: its items and those under it take
   *   `public`, `authenticated` or `admin` access. With a `creator`, the caller who makes one owns it.
   */
  readonly id: "subject" | "generated";
  /**
   * On a root entity with a generated id: items are owned by the caller who creates them. This
   * read-only field holds the creator's token `sub`, which is never in the path: the function takes
   * it from the token, so it must be the pk's only placeholder (`pk: "OWNER#{ownerId}"`). A caller
   * reaches only their own items (another caller's answer 404), `list` is their own, newest first,
   * and every operation of the entity and of those under it takes `owner` access.
   */
  readonly creator?: string;
  /** The entity this one lives under (`notes` under `accounts`): paths nest and ownership is inherited. */
  readonly parent?: AnyEntity;
  /**
   * The fields a client may write. Everything else on the item is read-only. Classic zod
   * (`z.object`) or `zod/mini`; `zod/mini` keeps each function's bundle smallest.
   */
  readonly schema: core.$ZodObject<Shape>;
  /** Key templates over the id parameters, e.g. `{ pk: "ACCOUNT#{accountId}", sk: "NOTE#{noteId}" }`. */
  readonly key: { readonly pk: string; readonly sk: string };
  /** Fields whose values are unique across all items of the entity (claims in the same table). */
  readonly unique?: readonly (keyof Shape & string)[];
  /**
   * How `list` reads.
   * @default "partition" - a Query on the parent's partition, newest first
   * `"global"` - Queries on the sparse index `GSI1` over every item of the entity, newest first: its
   * items are spread over `shards` index partitions, queried in parallel and merged in order.
   */
  readonly listing?: "partition" | "global";
  /**
   * How many index partitions a `global` entity's items (and each of its filter values) are spread
   * over, by a hash of the id. DynamoDB takes about 1,000 writes/s per partition, so sign-ups can
   * reach about `shards` × 1,000 writes/s; a page reads up to `shards` × (limit + 1) items.
   * @default 4 (from 1 to 16; `partition` listings have one)
   */
  readonly shards?: number;
  /**
   * Fields that `list` can filter on with `?field=value` (one filter per request): booleans, strings
   * or string enums, numbers. Each is served by an index of its own (`GSI2`…`GSI4`), never by a
   * FilterExpression, so a page costs what it returns. At most three per entity.
   */
  readonly filters?: readonly (keyof Shape & string)[];
  /**
   * Items expire this long after they are made: DynamoDB's TTL deletes them (within about two days),
   * and until then the API answers as if they were gone (404, and absent from lists).
   */
  readonly ttl?: { readonly days: number };
  /** The operations that exist, with who may call each. Absent operations have no route. */
  readonly operations: Readonly<Partial<Record<Operation, Access>>>;
  /** `create` honours `Idempotency-Key` (one item per owner and key for 24 h). */
  readonly idempotentCreate?: boolean;
  /** File slots; each adds a read-only field (`null`/`[]` until a file is uploaded). */
  readonly files?: Readonly<Record<string, FileSlot>>;
}

export interface Entity<Shape extends core.$ZodShape = core.$ZodShape> {
  readonly name: string;
  /** `"Account"`: the name as it appears in problem details. */
  readonly title: string;
  readonly collection: string;
  readonly idParam: string;
  readonly idSource: "subject" | "generated";
  readonly parent: AnyEntity | undefined;
  readonly schema: core.$ZodObject<Shape>;
  readonly fields: readonly FieldInfo[];
  readonly keys: { readonly pk: KeyTemplate; readonly sk: KeyTemplate };
  readonly unique: readonly string[];
  readonly listing: "partition" | "global";
  /** Index partitions a list spreads over: `shards` for a `global` entity, 1 for a `partition` one. */
  readonly shards: number;
  readonly filters: readonly string[];
  /** How long an item lives, in seconds; `undefined` for ever. */
  readonly ttlSeconds: number | undefined;
  readonly operations: Readonly<Partial<Record<Operation, Access>>>;
  readonly idempotentCreate: boolean;
  readonly files: Readonly<Record<string, FileSlot>>;
  /**
   * Id parameters from the root ancestor down to this entity: `["userId", "todoId"]`, led by the
   * creator's field when the root has a `creator` (`["ownerId", "noteId"]`).
   */
  readonly idParams: readonly string[];
  /** The id parameters in the path: `idParams` without the creator's, which comes from the token. */
  readonly pathParams: readonly string[];
  /** The root ancestor's `creator` field, whose value is always the caller's `sub`; else `undefined`. */
  readonly creator: string | undefined;
  /**
   * Whether items have an owner: the root ancestor's id is the caller's `sub`, or the root has a
   * `creator`. Under a root keyed by its own generated id (a device) they have none, and only
   * `public`, `authenticated` or `admin` access applies.
   */
  readonly owned: boolean;
  /** The id parameter whose value is the owner's `sub`: the root ancestor's id, or its `creator`. */
  readonly ownerParam: string;
  /** `/accounts/{accountId}/notes` */
  readonly collectionPath: string;
  /** `/accounts/{accountId}/notes/{noteId}` */
  readonly itemPath: string;
  /** Fields the server manages; a request body naming one is refused. */
  readonly readOnlyFields: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: an entity of any shape, for collections of entities
export type AnyEntity = Entity<any>;

/** Index partitions a `global` listing spreads over unless told (see `EntityOptions.shards`). */
export const defaultShards = 4;

const secondsPerDay = 86_400;

/** Fields every item carries, managed by the store. */
export const metadataFields = ["createdAt", "updatedAt", "version"] as const;

/**
 * Declares an entity. Throws at definition time what cannot work (see `refusals.ts`): keys,
 * owner or parent that don't fit together, keys that could collide with the store's own items,
 * unique or filter fields not in the schema, a unique field that is not a string, a list that
 * would find nothing. Each is a `DefinitionError` saying what to change.
 */
export function defineEntity<Shape extends core.$ZodShape>(options: EntityOptions<Shape>): Entity<Shape> {
  const shape: Readonly<Record<string, core.$ZodType>> = options.schema._zod.def.shape;
  const parent = options.parent;
  const creator = parent === undefined ? options.creator : parent.creator;
  const idParams = [
    ...(parent?.idParams ?? (options.creator === undefined ? [] : [options.creator])),
    options.idParam,
  ];
  const pathParams = [...(parent?.pathParams ?? []), options.idParam];
  const keys = { pk: keyTemplate(options.key.pk), sk: keyTemplate(options.key.sk) };
  const files = options.files ?? {};
  // An expiring item's expiry is the store's (epoch seconds, for DynamoDB's TTL), never a client's.
  const expiry = options.ttl === undefined ? [] : [tableLayout.ttlAttribute];
  const readOnlyFields = [...idParams, ...Object.keys(files), ...metadataFields, ...expiry];
  const owned = parent === undefined ? options.id === "subject" || creator !== undefined : parent.owned;
  refuseUnworkableEntity({
    name: options.name,
    idSource: options.id,
    isRoot: parent === undefined,
    creator,
    declaresCreator: options.creator !== undefined,
    owned,
    access: Object.values(options.operations),
    idParams,
    keys,
    shape,
    readOnlyFields,
    unique: options.unique ?? [],
    filters: options.filters ?? [],
    listing: options.listing ?? "partition",
    shards: options.shards,
    ttlDays: options.ttl?.days,
    lists: options.operations.list !== undefined,
    files,
  });
  const listing = options.listing ?? "partition";
  const collectionPath = `${parent?.itemPath ?? ""}/${options.collection}`;
  return {
    name: options.name,
    title: options.name.charAt(0).toUpperCase() + options.name.slice(1),
    collection: options.collection,
    idParam: options.idParam,
    idSource: options.id,
    parent,
    schema: options.schema,
    fields: describeFields(shape),
    keys,
    unique: options.unique ?? [],
    listing,
    shards: listing === "global" ? (options.shards ?? defaultShards) : 1,
    filters: options.filters ?? [],
    ttlSeconds: options.ttl === undefined ? undefined : options.ttl.days * secondsPerDay,
    operations: options.operations,
    idempotentCreate: options.idempotentCreate ?? false,
    files,
    idParams,
    pathParams,
    creator,
    owned,
    ownerParam: idParams[0] as string,
    collectionPath,
    itemPath: `${collectionPath}/{${options.idParam}}`,
    readOnlyFields,
  };
}
