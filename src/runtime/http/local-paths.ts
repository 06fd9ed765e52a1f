/**
 * Where the local twin serves what exists only locally (API.md, Authentication: `/_local/*` is
 * never deployed): a fact about the HTTP contract, kept here for the same reason as
 * gateway-errors.ts — the runtime is the lowest layer that both the dev server (which serves it)
 * and the OpenAPI document (which tells clients about it) may read. Nothing in the runtime serves it.
 */
export const localPrefix = "/_local";

/** `POST /_local/token`: the local token issuer's token endpoint. */
export const localTokenPath = `${localPrefix}/token`;
