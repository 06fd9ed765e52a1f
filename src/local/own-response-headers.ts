/**
 * Headers the local twin puts on the responses it makes itself — the gateway's own errors and
 * preflights, the `/_local` endpoints, refused hosts — as API.md's Conventions require of every
 * response. A function's response is the function's own: nothing is added to it.
 */

/** Browsers must not guess another type than the one sent (API.md: every response). */
export const noSniffHeader = ["x-content-type-options", "nosniff"] as const;

/** Account data and tokens are never kept by a cache (API.md; RFC 6749 §5.1 for tokens). */
export const noStoreHeader = ["cache-control", "no-store"] as const;
