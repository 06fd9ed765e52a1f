/**
 * Builds the bucket CORS configuration (S3's `CORSConfiguration` XML) that the embedded S3 applies to
 * each bucket it creates, so a browser app on an allowed origin can POST an upload and GET a file.
 *
 * s3rver evaluates this document much like S3 (an origin may hold one `*`, methods must be S3's), with
 * two differences the later enforcing front should know: its preflight answers
 * `Access-Control-Allow-Origin: *` instead of echoing the origin, and its actual responses always add
 * `Access-Control-Allow-Credentials: true`. CORS is no access control: s3rver checks no signature,
 * policy, size or content type, and serves unsigned reads.
 */
import { localHost } from "../../../runtime/index.js";

/** What a browser on a local dev server is allowed by default (API.md: "default locally"). */
export const DEFAULT_ALLOW_ORIGINS: readonly string[] = ["http://localhost:*", `http://${localHost}:*`];

/** The methods a browser needs for presigned POST uploads and presigned GET/HEAD reads (and PUT). */
export const CORS_ALLOWED_METHODS = ["GET", "PUT", "POST", "HEAD"] as const;

/**
 * Returns the XML document for `allowOrigins`: one rule allowing {@link CORS_ALLOWED_METHODS}, any
 * request header, and exposing `ETag`. Throws a TypeError for an empty list or an origin S3 would reject
 * (more than one `*`, whitespace or nothing at all).
 */
export function corsConfigurationXml(allowOrigins: readonly string[]): string {
  if (allowOrigins.length === 0) {
    throw new TypeError(
      "startS3: allowOrigins is empty, so no browser could upload; omit it for the local default.",
    );
  }
  for (const origin of allowOrigins) {
    if (origin === "" || /\s/.test(origin) || origin.split("*").length > 2) {
      throw new TypeError(
        `startS3: allowOrigins has ${JSON.stringify(origin)}; an origin is like "http://localhost:*" and holds at most one "*".`,
      );
    }
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    "  <CORSRule>",
    ...[...new Set(allowOrigins)].map((origin) => `    <AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>`),
    ...CORS_ALLOWED_METHODS.map((method) => `    <AllowedMethod>${method}</AllowedMethod>`),
    "    <AllowedHeader>*</AllowedHeader>",
    "    <ExposeHeader>ETag</ExposeHeader>",
    "  </CORSRule>",
    "</CORSConfiguration>",
  ];
  return lines.join("\n");
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
