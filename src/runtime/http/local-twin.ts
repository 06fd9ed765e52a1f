/**
 * Where the local twin answers: the dev server's address, and the prefix of what exists only
 * locally (API.md, Authentication: `/_local/*` is never deployed). Facts about the HTTP contract,
 * kept here for the same reason as gateway-errors.ts: the runtime is the lowest layer that both
 * the dev server (which serves them) and the OpenAPI document (which tells clients) may read.
 * Nothing in the runtime serves them.
 */

/**
 * The local twin listens on this loopback address only (the dev server, S3), and clients reach
 * every local service on it (DynamoDB Local, which cannot bind one address, included).
 */
export const localHost = "127.0.0.1";

/** The dev server's port unless `--port` or `PORT` says otherwise. */
export const defaultLocalPort = 3000;

/** A local service's origin on the local host; the dev server's by default: `http://127.0.0.1:3000`. */
export function localOrigin(port: number = defaultLocalPort): string {
  return `http://${localHost}:${port}`;
}

export const localPrefix = "/_local";

/** `POST /_local/token`: the local token issuer's token endpoint. */
export const localTokenPath = `${localPrefix}/token`;
/** `GET /_local/docs`: the API reference (Swagger UI on the app's OpenAPI document). */
export const localDocsPath = `${localPrefix}/docs`;
