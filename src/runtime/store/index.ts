/** The single-table store: each operation builds its exact DynamoDB input, then sends it. */
export {
  type Revision,
  type RevisionCondition,
  revisionAccepted,
  revisionOf,
  sameRevision,
} from "./conditions.js";
export { decodeCursor, encodeCursor } from "./cursor.js";
export {
  AlreadyExistsError,
  FileNotFoundError,
  FileSlotFullError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemNotFoundError,
  ParentNotFoundError,
  StoreError,
  StoreUnavailableError,
  UniqueValueTakenError,
  VersionMismatchError,
} from "./errors.js";
export { Expressions } from "./expressions.js";
export { createIdGenerator, type IdGenerator } from "./ids.js";
export { type Ids, itemKey, toPublicItem, uniqueClaimKey } from "./items.js";
export {
  buildCreate,
  type CreateInput,
  type CreateResult,
  createItem,
} from "./operations/create.js";
export {
  buildBatchDelete,
  buildDelete,
  buildSweepQuery,
  type DeleteInput,
  type DeleteResult,
  deleteItem,
} from "./operations/delete.js";
export {
  buildRecordFile,
  buildRemoveFile,
  type RecordedFile,
  type RecordFileInput,
  type RecordOutcome,
  recordFile,
  removeFile,
} from "./operations/files.js";
export { buildGet, getItem } from "./operations/get.js";
export { buildList, type ListInput, listItems, type Page } from "./operations/list.js";
export { buildUpdate, resolveChanges, type UpdateInput, updateItem } from "./operations/update.js";
export {
  type CursorSecret,
  createStore,
  defaultDynamoDbClient,
  type Store,
  type StoreOptions,
} from "./store.js";
export { createTableInput, storageAttributes, tableLayout } from "./table.js";
