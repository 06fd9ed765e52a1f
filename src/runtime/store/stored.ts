/**
 * What the table holds, as types. Every row carries its storage keys; an entity's item adds its
 * metadata (timestamps, version, incarnation) and its fields, which stay `unknown` here: the
 * schema is the app's, and a row may predate it. The attribute names come from `tableLayout`.
 */
import type { tableLayout } from "./table.js";

type Layout = typeof tableLayout;

/** The primary key of any row: `{ PK, SK }`. */
export type TableKey = { readonly [K in Layout["partitionKey"] | Layout["sortKey"]]: string };

/** Any row: an entity's item, a unique-value claim or an idempotency record. */
export type TableRow = TableKey & { readonly [attribute: string]: unknown };

/** The sparse global index's key, on items of entities listed globally. */
type GlobalIndexKey = {
  readonly [K in Layout["globalIndex"]["partitionKey"] | Layout["globalIndex"]["sortKey"]]?: string;
};

/** The revision attributes: the version, and the incarnation token (absent on older items). */
export type RevisionAttributes = { readonly version: number } & {
  readonly [K in Layout["incarnationAttribute"]]?: string;
};

/** An entity's item as stored: keys, metadata, ids and fields. */
export type StoredItem = TableRow &
  GlobalIndexKey &
  RevisionAttributes & {
    readonly createdAt: string;
    readonly updatedAt: string;
  };

/** An item as a client sees it: ids, fields and files, then the metadata. */
export type PublicItem = { readonly [field: string]: unknown } & {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};

/** What an idempotent create keeps for its replays: the public item and its incarnation. */
export type IdempotencyRecord = TableRow & {
  readonly fingerprint: string;
  readonly item: PublicItem;
} & { readonly [K in Layout["incarnationAttribute"]]?: string } & {
  readonly [K in Layout["ttlAttribute"]]: number;
};
