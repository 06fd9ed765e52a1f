/**
 * `portico/runtime`: what runs inside Lambda. `getRoute(app, "GET /accounts/{accountId}")` (one entry
 * point per operation) is a whole handler; `route(app, routeKey)` serves any route but a custom one,
 * whose handler is `customRoute(app, routeKey, handler)` around the app's own code.
 */
export { authorize, resolveIds, selfAlias } from "./auth/access.js";
export { isCallerId, type Principal, principalOf } from "./auth/principal.js";
export { eventScopes, type JwtAuthorizerOutput, tokenScopes } from "./auth/scopes.js";
export { envNames, MissingEnvironmentVariableError, requireEnv } from "./env.js";
export { errorWithCode, PorticoError } from "./errors.js";
export { createFileBucket, type FileBucket, type FileBucketOptions } from "./files/bucket.js";
export { decodeEventKey, type RecordResult, type S3EventRecord } from "./files/record-upload.js";
export { bytesAreOfType } from "./files/sniff.js";
export type { UploadTicket } from "./files/upload-ticket.js";
export {
  type CustomHandler,
  type CustomRequest,
  customRoute,
  type RequestLog,
} from "./handlers/custom-route.js";
export {
  createRoute,
  deleteFileRoute,
  deleteRoute,
  downloadRoute,
  getRoute,
  healthRoute,
  listRoute,
  patchRoute,
  replaceRoute,
  uploadRoute,
} from "./handlers/entry-points.js";
export {
  type FileRecorderHandler,
  type FileRecorderOptions,
  fileRecorder,
  type S3Event,
} from "./handlers/file-recorder.js";
export { ticketRequestTitle } from "./handlers/operations/files/ticket-request.js";
export { entryPoints, type LambdaHandler, type RouteOptions, route } from "./handlers/route.js";
export { jsonMediaType } from "./http/content-type.js";
export {
  type ConditionalHeader,
  entityTagPattern,
  etagOf,
  ifMatchCondition,
  ifNoneMatchMatches,
  tooManyEntityTags,
} from "./http/etag.js";
export { type GatewayErrorKind, gatewayErrors } from "./http/gateway-errors.js";
export {
  defaultLocalPort,
  localDocsPath,
  localHost,
  localOrigin,
  localPrefix,
  localTokenPath,
} from "./http/local-twin.js";
export { mediaTypes } from "./http/media-types.js";
export {
  entityNoun,
  fieldMessages,
  type ProblemKind,
  problemCatalogue,
} from "./http/problem-catalogue.js";
export {
  BadRequestProblem,
  ConflictProblem,
  type FieldError,
  ForbiddenProblem,
  HttpProblem,
  InternalProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  type ProblemDetails,
  ServiceUnavailableProblem,
  UnauthorizedProblem,
  UnprocessableContentProblem,
  UnsupportedMediaTypeProblem,
  ValidationProblem,
} from "./http/problems.js";
export { type HttpApiEvent, type HttpRequest, parseRequest } from "./http/request.js";
export {
  emptyResponse,
  type HttpResponse,
  jsonResponse,
  noSniffHeader,
  noStoreHeader,
} from "./http/response.js";
export { visibleAsciiPattern } from "./http/visible-ascii.js";
export {
  defaultPageSize,
  fileUrlSeconds,
  idempotencyTtlSeconds,
  maxEntityTags,
  maxIdBytes,
  maxIdempotencyKeyLength,
  maxLambdaPayloadBytes,
  maxListedFieldErrors,
  maxPageSize,
  maxRequestBytes,
  maxSubjectLength,
  megabytes,
} from "./limits.js";
export { logger } from "./log.js";
export { recordRequest } from "./metrics.js";
export { CursorSecretUnusableError, cursorSecretFromEnvironment } from "./store/cursor-secret.js";
export {
  type CursorSecret,
  createStore,
  createTableInput,
  type Ids,
  itemKey,
  type Store,
  type StoreOptions,
  tableLayout,
} from "./store/index.js";
