/**
 * Where the app's data lives: the single table's layout (DESIGN.md, Data) and the files bucket.
 * The store, the local services and (next) the stack all read these facts from here, so a key
 * name or the bucket's name is written once.
 */
import type { App } from "../define-app.js";
import type { AnyEntity } from "../define-entity.js";

export const tableLayout = {
  partitionKey: "PK",
  sortKey: "SK",
  /**
   * The sparse index listing every item of a `global` entity, newest first, spread over
   * `TYPE#<ENTITY>#<shard>` partitions so that no index partition takes every write.
   */
  globalIndex: { name: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
  /**
   * The sparse indexes serving `?field=value` filters: an entity's n-th filter field is served by the
   * n-th of these, overloaded across entities (the partition names the entity, the field and the
   * value). The table always has all of them, so adding a filter never adds an index to a deployed
   * table (CloudFormation adds one index per update).
   */
  filterIndexes: [
    { name: "GSI2", partitionKey: "GSI2PK", sortKey: "GSI2SK" },
    { name: "GSI3", partitionKey: "GSI3PK", sortKey: "GSI3SK" },
    { name: "GSI4", partitionKey: "GSI4PK", sortKey: "GSI4SK" },
  ],
  /** Epoch seconds; DynamoDB deletes expired items lazily (within about two days). */
  ttlAttribute: "expiresAt",
  /** An item's incarnation token (see `Revision`): part of its ETag, never shown or writable. */
  incarnationAttribute: "INCARNATION",
  /** The keys recorded in an item's file lists (a string set), so an upload is recorded once. */
  fileKeysAttribute: "FILEKEYS",
} as const;

/**
 * The items the store keeps beside the entities' own, each kind marked by a prefix of one key: an
 * entity key that could start with one would read, overwrite or sweep them, so `defineEntity`
 * refuses it (refusals.ts).
 */
export const reservedKeyPrefixes = {
  /** Unique-value claims, each its own partition: `UNIQUE#<ENTITY>#<FIELD>#<value>`. */
  uniqueClaim: { key: "pk", prefix: "UNIQUE#", kind: "unique-value claims" },
  /** Idempotency records, in their owner's partition: sort key `IDEMP#<key>`. */
  idempotencyRecord: { key: "sk", prefix: "IDEMP#", kind: "idempotency records" },
} as const satisfies Record<string, { key: "pk" | "sk"; prefix: string; kind: string }>;

/** One index of the table: its name and its two string key attributes. */
export interface IndexLayout {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Every index of the table, the global listing's first. */
export const tableIndexes: readonly IndexLayout[] = [tableLayout.globalIndex, ...tableLayout.filterIndexes];

/** The index serving a filter field: an entity's n-th filter field, the n-th filter index. */
export function filterIndexOf(entity: Pick<AnyEntity, "name" | "filters">, field: string): IndexLayout {
  const index = tableLayout.filterIndexes[entity.filters.indexOf(field)];
  if (index === undefined) throw new TypeError(`"${field}" is no filter of entity "${entity.name}".`);
  return index;
}

export interface IndexDescription {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Every attribute is copied into the index. */
  readonly projection: "ALL";
}

export interface TableDescription {
  /** The table's name locally; on AWS the stack may add its own suffix. */
  readonly name: string;
  /** String keys, on-demand billing. */
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDescription[];
  readonly ttlAttribute: string;
  readonly billing: "PAY_PER_REQUEST";
}

/**
 * One CORS rule of the files bucket: what a browser needs for the presigned POST (a multipart form)
 * and presigned GETs. A form POST or a GET with no custom header is a CORS "simple request", so no
 * request header needs allowing.
 */
export interface BucketCorsRule {
  /**
   * Whose requests the rule answers: `configured`, the stage's origins (the twin's local ones
   * locally); `any`, every origin (`*`, so no credentials).
   */
  readonly origins: "configured" | "any";
  readonly allowMethods: readonly ("GET" | "HEAD" | "POST")[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

const bucketCorsShared = {
  allowHeaders: [],
  // The ETag of an upload, and the id to quote when reporting a failure.
  exposeHeaders: ["ETag", "x-amz-request-id"],
  maxAgeSeconds: 600,
} as const;

/**
 * The files bucket's CORS rules, in S3's order (the first that matches answers), given only when a
 * stage names browser origins. Uploads come from those origins alone. Reads are open to any origin:
 * a page that fetches `GET …/avatar` with its bearer token follows the API's 302 to the presigned
 * URL, and a browser sends a cross-origin redirect's next request with `Origin: null` (Fetch's
 * "tainted origin"), which no list of origins matches. The presigned signature is what authorizes a
 * read, as it does for any client outside a browser; without it S3 answers AccessDenied to anyone.
 */
export const bucketCorsRules: readonly BucketCorsRule[] = [
  { origins: "configured", allowMethods: ["POST", "GET", "HEAD"], ...bucketCorsShared },
  { origins: "any", allowMethods: ["GET", "HEAD"], ...bucketCorsShared },
];

export interface BucketDescription {
  readonly name: string;
  readonly cors: readonly BucketCorsRule[];
}

export function describeTable(app: Pick<App, "name">): TableDescription {
  const { partitionKey, sortKey, ttlAttribute } = tableLayout;
  return {
    name: app.name,
    partitionKey,
    sortKey,
    indexes: tableIndexes.map((index) => ({ ...index, projection: "ALL" })),
    ttlAttribute,
    billing: "PAY_PER_REQUEST",
  };
}

/** The bucket that holds the app's files: `<app>-files`. */
export function describeBucket(app: Pick<App, "name">): BucketDescription {
  return { name: `${app.name}-files`, cors: bucketCorsRules };
}
