/**
 * Presigned URLs (query SigV4: `X-Amz-Algorithm`, `X-Amz-Credential`, … in the query), as
 * `getSignedUrl` makes them. The signature is recomputed with the SDK signer's own `presign()`; the
 * URL's lifetime is checked as S3 checks it (a week at most, then "Request has expired").
 */
import { S3Refusal } from "./errors.js";
import {
  assertOwnKey,
  isoSeconds,
  parseAmzDate,
  parseCredential,
  queryRecord,
  type SignedParts,
  sameSignature,
  signableRequest,
  signedHeaderSets,
  type Verifier,
} from "./signer.js";

/** SigV4's longest presigned lifetime: 7 days (AWS-FACTS.md §10). */
export const MAX_PRESIGNED_EXPIRES_S = 604_800;

const REQUIRED = [
  "X-Amz-Credential",
  "X-Amz-Signature",
  "X-Amz-Date",
  "X-Amz-SignedHeaders",
  "X-Amz-Expires",
];

/** Whether the request carries query authentication at all. */
export function hasQueryAuth(search: URLSearchParams): boolean {
  return search.has("X-Amz-Algorithm");
}

/** Verifies a presigned request; a presigned body is always UNSIGNED-PAYLOAD, so nothing is left to check. */
export async function verifyQueryAuth(parts: SignedParts, verifier: Verifier, now: Date): Promise<void> {
  const { search } = parts;
  // Query parameter names and values are case-sensitive here, as on S3.
  if (search.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
    throw new S3Refusal(
      "AuthorizationQueryParametersError",
      'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    );
  }
  if (REQUIRED.some((name) => search.get(name) === null)) {
    throw new S3Refusal(
      "AuthorizationQueryParametersError",
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, " +
        "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    );
  }
  const amzDate = search.get("X-Amz-Date") as string;
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined) {
    throw new S3Refusal(
      "AuthorizationQueryParametersError",
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
    );
  }
  const expiresText = search.get("X-Amz-Expires") as string;
  const expiresIn = /^\d{1,10}$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  if (Number.isNaN(expiresIn)) {
    throw new S3Refusal("AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
  }
  if (expiresIn > MAX_PRESIGNED_EXPIRES_S) {
    throw new S3Refusal(
      "AuthorizationQueryParametersError",
      "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
    );
  }
  const scope = parseCredential(search.get("X-Amz-Credential") as string);
  if (scope === undefined || scope.service !== "s3" || !amzDate.startsWith(scope.date)) {
    throw new S3Refusal("AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential parameter.");
  }
  assertOwnKey(verifier, scope.accessKeyId);
  const expires = new Date(signingDate.getTime() + expiresIn * 1000);
  if (now > expires) {
    throw new S3Refusal("AccessDenied", "Request has expired", {
      "X-Amz-Expires": expiresText,
      Expires: isoSeconds(expires),
      ServerTime: isoSeconds(now),
    });
  }

  const signedHeaders = (search.get("X-Amz-SignedHeaders") as string).split(";");
  const query = queryRecord(search);
  delete query["X-Amz-Signature"];
  const request = signableRequest(parts, signedHeaders, query);
  // presign() reads the payload hash from this header; presigned requests never sign their body.
  request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
  const presigned = await verifier.signer.presign(request, {
    signingDate,
    expiresIn,
    signingRegion: scope.region,
    signingService: "s3",
    ...signedHeaderSets(signedHeaders),
    // Headers the client signed stay headers; presign() would otherwise move every x-amz-* one into the query.
    unhoistableHeaders: new Set([...signedHeaders, "x-amz-content-sha256"]),
  });
  const expected = String(presigned.query?.["X-Amz-Signature"] ?? "");
  if (!sameSignature(expected, search.get("X-Amz-Signature") as string)) {
    throw new S3Refusal("SignatureDoesNotMatch", undefined, { AWSAccessKeyId: scope.accessKeyId });
  }
}
