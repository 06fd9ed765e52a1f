/**
 * Header SigV4 (`Authorization: AWS4-HMAC-SHA256 …`), as the app's functions and tools send it with
 * the service's credentials. The signature is recomputed by the SDK's signer over exactly the headers
 * the client signed; such a request may do any S3 operation, as the bucket owner.
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

/** S3 refuses a header-signed request whose `x-amz-date` is further than this from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** What the body must still prove once read: a hex digest to match, or nothing. */
export type PayloadCheck = { readonly sha256: string } | undefined;

/** Verifies the Authorization header of `parts`; returns the payload hash the body must match. */
export async function verifyHeaderAuth(
  parts: SignedParts,
  verifier: Verifier,
  now: Date,
): Promise<PayloadCheck> {
  const authorization = String(parts.headers.authorization ?? "");
  const match =
    /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})$/.exec(
      authorization.trim(),
    );
  if (match === null) {
    throw new S3Refusal(
      "AuthorizationHeaderMalformed",
      "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.",
    );
  }
  const [, credential, signedList, signature] = match as unknown as [string, string, string, string];
  const scope = parseCredential(credential);
  if (scope === undefined) {
    throw new S3Refusal(
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  assertOwnKey(verifier, scope.accessKeyId);
  if (scope.service !== "s3") {
    throw new S3Refusal(
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; incorrect service "${scope.service}". This endpoint belongs to "s3".`,
    );
  }
  const amzDate = String(parts.headers["x-amz-date"] ?? "");
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined) {
    throw new S3Refusal("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  }
  if (!amzDate.startsWith(scope.date)) {
    throw new S3Refusal(
      "AuthorizationHeaderMalformed",
      "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.",
    );
  }
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new S3Refusal("RequestTimeTooSkewed", undefined, {
      RequestTime: amzDate,
      ServerTime: isoSeconds(now),
      MaxAllowedSkewMilliseconds: MAX_SKEW_MS,
    });
  }
  const payload = payloadCheck(parts.headers["x-amz-content-sha256"]);

  const signedHeaders = signedList.split(";");
  const request = signableRequest(parts, signedHeaders, queryRecord(parts.search));
  // The payload hash comes from the header whether or not it was signed, as S3 reads it.
  request.headers["x-amz-content-sha256"] = String(parts.headers["x-amz-content-sha256"]);
  const signed = await verifier.signer.sign(request, {
    signingDate,
    signingRegion: scope.region,
    signingService: "s3",
    ...signedHeaderSets(signedHeaders),
  });
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1] ?? "";
  if (!sameSignature(expected, signature)) {
    throw new S3Refusal("SignatureDoesNotMatch", undefined, { AWSAccessKeyId: scope.accessKeyId });
  }
  return payload;
}

function payloadCheck(header: string | string[] | undefined): PayloadCheck {
  if (header === undefined) {
    throw new S3Refusal("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  }
  const value = String(header);
  if (value === "UNSIGNED-PAYLOAD") return undefined;
  if (/^[0-9a-f]{64}$/i.test(value)) return { sha256: value.toLowerCase() };
  // aws-chunked bodies carry per-chunk signatures that s3rver would store verbatim.
  if (value.startsWith("STREAMING-"))
    throw new S3Refusal("NotImplemented", undefined, { Header: "x-amz-content-sha256" });
  throw new S3Refusal(
    "InvalidArgument",
    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.",
    { ArgumentName: "x-amz-content-sha256", ArgumentValue: value },
  );
}
