/**
 * The bucket's CORS rules, answered by the front as S3 answers them (s3rver's own answers preflights
 * with `*` and adds `Access-Control-Allow-Credentials` to everything). The rules are the ones the
 * stack gives the deployed bucket (`bucketCorsRules`), for the configured origins: S3 answers with
 * the first rule that matches the origin and the method (and, for a preflight, the headers asked).
 */
import { type BucketCorsRule, bucketCorsRules, defaultLocalOrigins } from "../../../../model/index.js";
import { originPattern } from "../../../gateway/cors.js";
import { S3Refusal } from "./errors.js";

/** What a browser on a local dev server is allowed by default (API.md: "default locally"). */
export const DEFAULT_ALLOW_ORIGINS: readonly string[] = defaultLocalOrigins;

/** The methods the configured origins are allowed: the presigned POST upload, presigned GET/HEAD reads. */
export const CORS_ALLOWED_METHODS: readonly string[] = [
  ...new Set(bucketCorsRules.flatMap((rule) => rule.allowMethods)),
];

/** Whether every header a preflight asks for is one `rule` allows. */
function headersAllowed(rule: BucketCorsRule, requestHeaders: string | undefined): boolean {
  const allowed = new Set(rule.allowHeaders.map((name) => name.toLowerCase()));
  const asked = (requestHeaders ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  return asked.every((name) => allowed.has(name));
}

export interface BucketCors {
  /** Headers of S3's 200 answer to a preflight; throws S3's refusal for one no rule allows. */
  preflight(
    origin: string | undefined,
    method: string | undefined,
    requestHeaders: string | undefined,
  ): [string, string][];
  /** Headers every actual response to a `method` request from `origin` carries (none when no rule allows it). */
  responseHeaders(origin: string | undefined, method: string | undefined): [string, string][];
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
  const configured = (origin: string) => anyOrigin || patterns.some((matches) => matches(origin));
  const ruleFor = (origin: string, method: string, requestHeaders?: string) =>
    bucketCorsRules.find(
      (rule) =>
        (rule.origins === "any" || configured(origin)) &&
        (rule.allowMethods as readonly string[]).includes(method) &&
        headersAllowed(rule, requestHeaders),
    );
  // A rule for any origin answers `*` (S3 does so for an AllowedOrigin of `*`); others echo the origin.
  const allowOrigin = (rule: BucketCorsRule, origin: string) => (rule.origins === "any" ? "*" : origin);
  return {
    preflight(origin, method, requestHeaders) {
      if (origin === undefined) throw new S3Refusal("BadRequest");
      if (method === undefined) {
        throw new S3Refusal(
          "BadRequest",
          "Insufficient information. Access-Control-Request-Method request header needed.",
        );
      }
      const rule = ruleFor(origin, method, requestHeaders);
      if (rule === undefined) throw new S3Refusal("CORSResponse");
      return [
        ["access-control-allow-origin", allowOrigin(rule, origin)],
        ["access-control-allow-methods", rule.allowMethods.join(", ")],
        ...(requestHeaders === undefined || requestHeaders.trim() === ""
          ? []
          : [["access-control-allow-headers", requestHeaders] as [string, string]]),
        ["access-control-max-age", String(rule.maxAgeSeconds)],
        ["access-control-expose-headers", rule.exposeHeaders.join(", ")],
        ["vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"],
      ];
    },
    responseHeaders(origin, method) {
      if (origin === undefined) return [];
      const rule = ruleFor(origin, method ?? "GET");
      if (rule === undefined) return [];
      return [
        ["access-control-allow-origin", allowOrigin(rule, origin)],
        ["access-control-expose-headers", rule.exposeHeaders.join(", ")],
        ["vary", "Origin"],
      ];
    },
  };
}
