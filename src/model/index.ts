/**
 * `portico/model`: declare an app and its entities; derive routes, keys and schemas.
 * Pure data: nothing here talks to AWS.
 */
export {
  bodySchemas,
  type FileRef,
  type ItemMetadata,
  type ItemOf,
  jsonSchemas,
} from "./bodies.js";
export { type App, type AppOptions, type CorsOptions, defaultLocalOrigins, defineApp } from "./define-app.js";
export {
  type Access,
  type AnyEntity,
  defineEntity,
  type Entity,
  type EntityOptions,
  type FileSlot,
  metadataFields,
  type Operation,
  operations,
} from "./define-entity.js";
export {
  type CustomRouteDefinition,
  type CustomRouteOptions,
  type CustomRoutePermissions,
  defineRoute,
} from "./define-route.js";
export { DefinitionError } from "./definition-error.js";
export {
  type DeployConfig,
  type DeployOptions,
  knownStages,
  logRetentionDays,
  type StageConfig,
  stageNamed,
} from "./deploy-options.js";
export {
  type AppDescription,
  type AppRouteDescription,
  type CustomRouteDescription,
  describeApp,
  describedFunction,
  type EntityRouteDescription,
  type FileRouteDescription,
  type FileSlotDescription,
  type RouteDescription,
} from "./describe/describe-app.js";
export { type EnvName, envNames, localEnvNames } from "./describe/environment.js";
export {
  type FunctionDescription,
  functionEntry,
  lambdaFunctionName,
  recorderFunctionName,
  type Trigger,
} from "./describe/functions.js";
export { type RequestMetrics, requestMetrics } from "./describe/metrics.js";
export {
  allObjects,
  commandActions,
  type DynamoDbAction,
  type DynamoDbCommand,
  type DynamoDbGrant,
  type DynamoDbResource,
  type Permissions,
  recorderPermissions,
  routePermissions,
  routeStoreOperation,
  type S3Action,
  type S3Grant,
  type SecretGrant,
  type SecretName,
  type StoreOperation,
  storeOperationCommands,
} from "./describe/permissions.js";
export {
  type BucketCorsRule,
  type BucketDescription,
  bucketCorsRules,
  describeBucket,
  describeTable,
  filterIndexOf,
  type IndexDescription,
  type IndexLayout,
  reservedKeyPrefixes,
  type TableDescription,
  tableIndexes,
  tableLayout,
} from "./describe/table.js";
export { type FieldInfo, type ScalarKind, scalarKindOf } from "./fields.js";
export {
  type CheckableContentType,
  checkableContentTypes,
  decodeKeySegment,
  encodeKeySegment,
  type FileSlotOf,
  fileIdParam,
  fileKeyPattern,
  fileKeyRoot,
  fileKeyTemplate,
  fileSlotsOf,
  maxFilesOf,
  type ParsedFileKey,
  parseFileKey,
  renderFileKey,
} from "./files.js";
export { type KeyTemplate, keyTemplate } from "./keys.js";
export { type LambdaRuntime, lambdaRuntime } from "./lambda-runtime.js";
export {
  type AppOperation,
  type AppRoute,
  type CustomRoute,
  type DataRoute,
  descendantsOf,
  type EntityRoute,
  type FileOperation,
  type FileRoute,
  type HttpMethod,
  type Route,
} from "./routes.js";
