/**
 * Where the local twin answers: the dev server's address, and the prefix of what exists only
 * locally (API.md, Authentication: `/_local/*` is never deployed). Facts about the HTTP contract,
 * kept here for the same reason as gateway-errors.ts: the runtime is the lowest layer that both
 * the dev server (which serves them) and the OpenAPI document (which tells clients) may read.
 * Nothing in the runtime serves them.
 */

/** The dev server listens on this loopback address only. */
export const localHost = "127.0.0.1";

/** The dev server's port unless `--port` or `PORT` says otherwise. */
export const defaultLocalPort = 3000;

/** The dev server's origin: `http://127.0.0.1:3000`. */
export function localOrigin(port: number = defaultLocalPort): string {
  return `http://${localHost}:${port}`;
}

export const localPrefix = "/_local";

/** `POST /_local/token`: the local token issuer's token endpoint. */
export const localTokenPath = `${localPrefix}/token`;
