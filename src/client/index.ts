/** `portico/client`: a typed client of an app's API, over the types `portico client` generates. */

export type { Client } from "openapi-fetch";
export { type ApiClientOptions, createApiClient } from "./api-client.js";
export { ApiProblem, etagOf, type FetchResult, unwrap } from "./problem.js";
export { parseS3Error, type S3Error } from "./s3-error.js";
export { ENTITY_TOO_LARGE, type UploadOptions, UploadRefused, uploadWithTicket } from "./upload.js";
export type { UploadTicket } from "./upload-ticket.js";
