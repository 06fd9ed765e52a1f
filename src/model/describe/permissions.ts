/**
 * What each function may do to the table, derived from what its route's store operation can send
 * (DESIGN.md: permissions are proven, not guessed). Each store operation in
 * src/runtime/store/operations declares the commands it sends; a unit test there holds that list
 * equal to `storeOperationCommands`, and test/http/permissions.in-process.test.ts holds every
 * route's real traffic equal to the actions granted here, both ways.
 */
import type { AnyEntity, Operation } from "../define-entity.js";
import { fileKeyPattern, fileSlotsOf } from "../files.js";
import {
  type CustomRoute,
  descendantsOf,
  type EntityRoute,
  type FileOperation,
  type FileRoute,
  type Route,
} from "../routes.js";
import { filterIndexOf, tableLayout } from "./table.js";

/** DynamoDB API operations, named as the SDK's low-level commands are (`GetItemCommand` → `GetItem`). */
export type DynamoDbCommand =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "BatchWriteItem"
  | "TransactWriteItems";

export type StoreOperation = "get" | "list" | "create" | "update" | "delete" | "files";

/** The commands each store operation may send. */
export const storeOperationCommands: Readonly<Record<StoreOperation, readonly DynamoDbCommand[]>> = {
  get: ["GetItem"],
  list: ["Query"],
  create: ["PutItem", "TransactWriteItems", "GetItem"],
  update: ["UpdateItem", "TransactWriteItems", "GetItem"],
  delete: ["DeleteItem", "TransactWriteItems", "GetItem", "Query", "BatchWriteItem"],
  files: ["UpdateItem"],
};

/** The store operation behind each entity operation. */
export const routeStoreOperation: Readonly<Record<Operation, StoreOperation>> = {
  create: "create",
  list: "list",
  get: "get",
  replace: "update",
  patch: "update",
  delete: "delete",
};

export type DynamoDbAction =
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:Query"
  | "dynamodb:BatchWriteItem";

/**
 * The IAM actions a command may need. IAM has no `TransactWriteItems` action: a transaction needs
 * the action of each of its items (Put, Update, Delete, ConditionCheck).
 */
export const commandActions: Readonly<Record<DynamoDbCommand, readonly DynamoDbAction[]>> = {
  GetItem: ["dynamodb:GetItem"],
  PutItem: ["dynamodb:PutItem"],
  UpdateItem: ["dynamodb:UpdateItem"],
  DeleteItem: ["dynamodb:DeleteItem"],
  Query: ["dynamodb:Query"],
  BatchWriteItem: ["dynamodb:BatchWriteItem"],
  TransactWriteItems: [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
  ],
};

/** `"table"`, or one of its indexes: `"index/GSI1"` (the stack turns these into ARNs). */
export type DynamoDbResource = "table" | `index/${string}`;

export interface DynamoDbGrant {
  readonly resource: DynamoDbResource;
  /** Sorted, without repeats. */
  readonly actions: readonly DynamoDbAction[];
}

/** The secrets the stack creates for the app; `"cursor"` signs page cursors. */
export type SecretName = "cursor";

export interface SecretGrant {
  readonly secret: SecretName;
  readonly actions: readonly "secretsmanager:GetSecretValue"[];
}

/**
 * The S3 actions functions use on the files bucket. HeadObject and a ranged GetObject need
 * `s3:GetObject`; DeleteObjects needs `s3:DeleteObject` for each key. Presigning needs the action the
 * URL will perform: S3 checks the signer's permissions when the URL is used.
 */
export type S3Action = "s3:PutObject" | "s3:GetObject" | "s3:DeleteObject";

export interface S3Grant {
  /** Object keys in the files bucket, as a pattern with `*` (`accounts/*\/picture/*`; see fileKeyPattern). */
  readonly objects: string;
  /** Sorted, without repeats. */
  readonly actions: readonly S3Action[];
}

/** A function's permissions: on the table and its indexes, on secrets, and on the bucket's keys. */
export interface Permissions {
  readonly dynamodb: readonly DynamoDbGrant[];
  readonly secrets: readonly SecretGrant[];
  readonly s3: readonly S3Grant[];
}

/** No access to anything (`GET /health`). */
const noPermissions: Permissions = { dynamodb: [], secrets: [], s3: [] };

/** The actions on the table and on each index, for what the entity's definition makes the operation send. */
function entityGrants(
  entities: readonly AnyEntity[],
  route: EntityRoute,
): Map<DynamoDbResource, DynamoDbAction[]> {
  const { entity } = route;
  const table: DynamoDbAction[] = [];
  const grants = new Map<DynamoDbResource, DynamoDbAction[]>([["table", table]]);
  switch (routeStoreOperation[route.operation]) {
    case "get":
      table.push("dynamodb:GetItem");
      break;
    case "list":
      if (entity.listing === "global")
        grants.set(`index/${tableLayout.globalIndex.name}`, ["dynamodb:Query"]);
      else table.push("dynamodb:Query");
      // Each filter is served by an index of its own.
      for (const field of entity.filters)
        grants.set(`index/${filterIndexOf(entity, field).name}`, ["dynamodb:Query"]);
      break;
    case "create":
      // The item, its unique-value claims and its idempotency record are all Puts.
      table.push("dynamodb:PutItem");
      // The parent must exist: a condition check in the same transaction.
      if (entity.parent !== undefined) table.push("dynamodb:ConditionCheckItem");
      // A replay reads the record when the engine does not return it with the cancellation.
      if (entity.idempotentCreate) table.push("dynamodb:GetItem");
      break;
    case "update":
      // The write, and the current item when it fails (404 or 412) or when a patch is empty.
      table.push("dynamodb:UpdateItem", "dynamodb:GetItem");
      // A changed unique value moves its claim: the new one is put, the old one deleted.
      if (entity.unique.length > 0) table.push("dynamodb:PutItem", "dynamodb:DeleteItem");
      break;
    case "delete":
      // The delete (with its claims' deletes), and the current item it is checked against.
      table.push("dynamodb:DeleteItem", "dynamodb:GetItem");
      // Children in the partition are found with a Query and swept with batched deletes.
      if (descendantsOf(entities, entity).length > 0) table.push("dynamodb:Query", "dynamodb:BatchWriteItem");
      break;
  }
  return grants;
}

/** What a file route does: the table action that reads or changes the item, the S3 action on its slot. */
const fileOperationActions: Readonly<
  Record<FileOperation, { dynamodb: readonly DynamoDbAction[]; s3: S3Action }>
> = {
  // The item must exist (404) and have room; the ticket is a presigned PutObject.
  upload: { dynamodb: ["dynamodb:GetItem"], s3: "s3:PutObject" },
  // The item names the file; the redirect is a presigned GetObject.
  download: { dynamodb: ["dynamodb:GetItem"], s3: "s3:GetObject" },
  // One conditional update clears the slot (its failure returns the item), then the object goes.
  deleteFile: { dynamodb: ["dynamodb:UpdateItem"], s3: "s3:DeleteObject" },
};

function fileRoutePermissions(route: FileRoute): Permissions {
  const { dynamodb, s3 } = fileOperationActions[route.operation];
  return {
    dynamodb: [{ resource: "table", actions: [...dynamodb].sort() }],
    secrets: [],
    s3: [{ objects: fileKeyPattern(route.entity, route.slot), actions: [s3] }],
  };
}

/** The objects of the files bucket a custom route's `files` actions apply to: all of them. */
export const allObjects = "*";

/** Exactly what a custom route declares: its commands' actions on the table, Query on its indexes, its S3 actions. */
function customRoutePermissions(route: CustomRoute): Permissions {
  const { table, indexes, files } = route.custom.permissions;
  const tableActions = [...new Set(table.flatMap((command) => commandActions[command]))].sort();
  return {
    dynamodb: [
      ...(tableActions.length > 0 ? [{ resource: "table" as const, actions: tableActions }] : []),
      ...indexes.map((index) => ({
        resource: `index/${index}` as const,
        actions: ["dynamodb:Query" as const],
      })),
    ],
    secrets: [],
    s3: files.length > 0 ? [{ objects: allObjects, actions: [...files].sort() }] : [],
  };
}

/** A deleted item's files, and its descendants' files, are deleted with it. */
function deletedFiles(entities: readonly AnyEntity[], entity: AnyEntity): S3Grant[] {
  return fileSlotsOf([entity, ...descendantsOf(entities, entity)]).map((slotOf) => ({
    objects: fileKeyPattern(slotOf.entity, slotOf.name),
    actions: ["s3:DeleteObject"],
  }));
}

/** The exact actions the route's function needs: on the table and each index, secrets, and the bucket. */
export function routePermissions(entities: readonly AnyEntity[], route: Route): Permissions {
  if (route.kind === "app") return noPermissions;
  if (route.kind === "custom") return customRoutePermissions(route);
  if (route.kind === "file") return fileRoutePermissions(route);
  const grants = entityGrants(entities, route);
  return {
    dynamodb: [...grants]
      .filter(([, actions]) => actions.length > 0)
      .map(([resource, actions]) => ({ resource, actions: [...new Set(actions)].sort() })),
    // A list signs and checks its page cursors with the cursor secret, read once per container.
    secrets:
      route.operation === "list" ? [{ secret: "cursor", actions: ["secretsmanager:GetSecretValue"] }] : [],
    s3: route.operation === "delete" ? deletedFiles(entities, route.entity) : [],
  };
}

/**
 * The file recorder's permissions: read an uploaded object's head and first bytes, delete it (a
 * refused or superseded upload, or one whose item is gone), and record it with one UpdateItem.
 */
export function recorderPermissions(entities: readonly AnyEntity[]): Permissions {
  return {
    dynamodb: [{ resource: "table", actions: ["dynamodb:UpdateItem"] }],
    secrets: [],
    s3: fileSlotsOf(entities).map((slotOf) => ({
      objects: fileKeyPattern(slotOf.entity, slotOf.name),
      actions: ["s3:DeleteObject", "s3:GetObject"],
    })),
  };
}
