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
export { type App, type AppOptions, type CorsOptions, defineApp } from "./define-app.js";
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
export type { FieldInfo } from "./fields.js";
export { type KeyTemplate, keyTemplate } from "./keys.js";
export { type LambdaRuntime, lambdaRuntime } from "./lambda-runtime.js";
export type { AppOperation, HttpMethod, Route } from "./routes.js";
