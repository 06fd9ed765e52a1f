/**
 * The media types the API names: in Content-Type checks, in problem answers and in the OpenAPI
 * document, each spelled once.
 */
export const mediaTypes = {
  json: "application/json",
  /** JSON Merge Patch, which a PATCH body should declare (RFC 7396). */
  mergePatch: "application/merge-patch+json",
  /** RFC 9457 problem details, the form of every function error. */
  problem: "application/problem+json",
} as const;
