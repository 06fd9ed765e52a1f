/**
 * The bucket's CORS rule, answered by the front as S3 answers it (s3rver's own answers preflights with
 * `*` and adds `Access-Control-Allow-Credentials` to everything). The rule is the one the stack gives
 * the deployed bucket (`bucketCorsRule`), for the configured origins.
 */
import { bucketCorsRule, defaultLocalOrigins } from "../../../../model/index.js";
import { originPattern } from "../../../gateway/cors.js";
import { S3Refusal } from "./errors.js";

/** What a browser on a local dev server is allowed by default (API.md: "default locally"). */
export const DEFAULT_ALLOW_ORIGINS: readonly string[] = defaultLocalOrigins;

/** The methods the rule allows: the presigned POST upload, presigned GET/HEAD reads. */
export const CORS_ALLOWED_METHODS: readonly string[] = bucketCorsRule.allowMethods;

const EXPOSE_HEADERS = bucketCorsRule.exposeHeaders.join(", ");
const allowedHeaders = new Set(bucketCorsRule.allowHeaders.map((name) => name.toLowerCase()));

/** Whether every header a preflight asks for is one the rule allows. */
function headersAllowed(requestHeaders: string | undefined): boolean {
  const asked = (requestHeaders ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  return asked.every((name) => allowedHeaders.has(name));
}

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
      if (!allowed(origin) || !CORS_ALLOWED_METHODS.includes(method) || !headersAllowed(requestHeaders)) {
        throw new S3Refusal("CORSResponse");
      }
      return [
        ["access-control-allow-origin", origin],
        ["access-control-allow-methods", CORS_ALLOWED_METHODS.join(", ")],
        ...(requestHeaders === undefined || requestHeaders.trim() === ""
          ? []
          : [["access-control-allow-headers", requestHeaders] as [string, string]]),
        ["access-control-max-age", String(bucketCorsRule.maxAgeSeconds)],
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
