/**
 * The bucket's CORS rule, answered by the front as S3 answers it (s3rver's own answers preflights with
 * `*` and adds `Access-Control-Allow-Credentials` to everything). One rule: the configured origins,
 * the methods a browser needs for presigned POST and GET, any request header, ETag exposed.
 */
import { localHost } from "../../../../runtime/index.js";
import { originPattern } from "../../../gateway/cors.js";
import { S3Refusal } from "./errors.js";

/** What a browser on a local dev server is allowed by default (API.md: "default locally"). */
export const DEFAULT_ALLOW_ORIGINS: readonly string[] = ["http://localhost:*", `http://${localHost}:*`];

/** The methods a browser needs for presigned POST uploads and presigned GET/HEAD reads (and PUT). */
export const CORS_ALLOWED_METHODS = ["GET", "PUT", "POST", "HEAD"] as const;

/** What S3 exposes to the page: the ETag of an upload, and the id to quote in a report. */
const EXPOSE_HEADERS = "ETag, x-amz-request-id";

export interface BucketCors {
  /** Headers of S3's 200 answer to a preflight; throws S3's refusal for one the rule does not allow. */
  preflight(
    origin: string | undefined,
    method: string | undefined,
    requestHeaders: string | undefined,
  ): [string, string][];
  /** Headers every actual response to `origin` carries (none for an origin not allowed). */
  responseHeaders(origin: string | undefined): [string, string][];
}

/** Throws a TypeError for an empty list, or the gateway's error for an origin that is no pattern. */
export function createBucketCors(allowOrigins: readonly string[]): BucketCors {
  if (allowOrigins.length === 0) {
    throw new TypeError(
      "startS3: allowOrigins is empty, so no browser could upload; omit it for the local default.",
    );
  }
  const anyOrigin = allowOrigins.includes("*");
  const patterns = allowOrigins.filter((origin) => origin !== "*").map(originPattern);
  const allowed = (origin: string) => anyOrigin || patterns.some((matches) => matches(origin));
  return {
    preflight(origin, method, requestHeaders) {
      if (origin === undefined) throw new S3Refusal("BadRequest");
      if (method === undefined) {
        throw new S3Refusal(
          "BadRequest",
          "Insufficient information. Access-Control-Request-Method request header needed.",
        );
      }
      if (!allowed(origin) || !(CORS_ALLOWED_METHODS as readonly string[]).includes(method)) {
        throw new S3Refusal("CORSResponse");
      }
      return [
        ["access-control-allow-origin", origin],
        ["access-control-allow-methods", CORS_ALLOWED_METHODS.join(", ")],
        ...(requestHeaders === undefined
          ? []
          : [["access-control-allow-headers", requestHeaders] as [string, string]]),
        ["access-control-expose-headers", EXPOSE_HEADERS],
        ["vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"],
      ];
    },
    responseHeaders(origin) {
      if (origin === undefined || !allowed(origin)) return [];
      return [
        ["access-control-allow-origin", origin],
        ["access-control-expose-headers", EXPOSE_HEADERS],
        ["vary", "Origin"],
      ];
    },
  };
}
