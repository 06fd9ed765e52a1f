/**
 * What the three ways of signing share: the one credential pair, the AWS SDK's own SigV4 signer
 * configured as @aws-sdk/client-s3 configures it, the credential scope, SigV4 dates and a
 * constant-time comparison. No signature is computed here by hand: the signer recomputes it.
 */
import { timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { S3Refusal } from "./errors.js";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What a request to sign looks like to the SDK's signer. */
export type SignableRequest = Parameters<SignatureV4["presign"]>[0];

export interface Verifier {
  readonly accessKeyId: string;
  readonly signer: SignatureV4;
}

export function createVerifier(credentials: S3Credentials): Verifier {
  return {
    accessKeyId: credentials.accessKeyId,
    // client-s3 signs with `signingEscapePath: false`: S3 does not double-encode paths.
    signer: new SignatureV4({
      credentials,
      region: "us-east-1",
      service: "s3",
      // What the SDK itself passes in Node.js (its runtime config): SHA-256 from @smithy/hash-node.
      sha256: Hash.bind(null, "sha256"),
      uriEscapePath: false,
      applyChecksum: false,
    }),
  };
}

/** `<access key id>/<yyyymmdd>/<region>/<service>/aws4_request`, read apart. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** `undefined` when the credential is not in the scope's five parts. */
export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (accessKeyId === "" || !/^\d{8}$/.test(date) || region === "" || service === "") return undefined;
  return { accessKeyId, date, region, service };
}

/** Only the service's own key signs; S3 names the unknown one in its answer. */
export function assertOwnKey(verifier: Verifier, accessKeyId: string): void {
  if (accessKeyId !== verifier.accessKeyId) {
    throw new S3Refusal("InvalidAccessKeyId", undefined, { AWSAccessKeyId: accessKeyId });
  }
}

/** A SigV4 long date (`20240101T120000Z`) as a Date; `undefined` when it is not one. */
export function parseAmzDate(value: string): Date | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (parts === null) return undefined;
  const [, year, month, day, hour, minute, second] = parts.map(Number) as number[];
  const date = new Date(Date.UTC(year as number, (month as number) - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** S3's timestamps in error bodies: ISO 8601 to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Constant-time, so that a guessed signature learns nothing from how long a refusal takes. */
export function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request path as SigV4 signs it for S3: each segment decoded once and URI-encoded once (RFC
 * 3986 unreserved characters kept), which is how the SDK encodes keys; `undefined` when a segment is
 * not valid percent-encoding.
 */
export function canonicalPath(rawPath: string): string | undefined {
  try {
    return rawPath
      .split("/")
      .map((segment) =>
        encodeURIComponent(decodeURIComponent(segment)).replace(
          /[!'()*]/g,
          (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
        ),
      )
      .join("/");
  } catch {
    return undefined;
  }
}

/** A query string as the signer takes it: repeated names become arrays. */
export function queryRecord(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of search) {
    const seen = query[name];
    if (seen === undefined) query[name] = value;
    else query[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

/** The parts of an incoming request that signatures cover. */
export interface SignedParts {
  readonly method: string;
  /** The path as sent, still percent-encoded. */
  readonly rawPath: string;
  readonly search: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The request as the signer sees it, with only the headers the client signed. */
export function signableRequest(
  parts: SignedParts,
  signedHeaders: readonly string[],
  query: Record<string, string | string[]>,
): SignableRequest {
  const path = canonicalPath(parts.rawPath);
  if (path === undefined) throw new S3Refusal("SignatureDoesNotMatch");
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = parts.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const host = headers.host ?? "";
  return {
    method: parts.method,
    protocol: "http:",
    hostname: host.replace(/:\d+$/, ""),
    path,
    query,
    headers,
  };
}

/**
 * The signer's header sets for exactly the headers the client signed: `x-amz-content-sha256` is
 * given to the signer for the payload hash, and signed only when the client signed it.
 */
export function signedHeaderSets(signedHeaders: readonly string[]): {
  signableHeaders: Set<string>;
  unsignableHeaders: Set<string>;
} {
  return {
    signableHeaders: new Set(signedHeaders),
    unsignableHeaders: new Set(
      signedHeaders.includes("x-amz-content-sha256") ? [] : ["x-amz-content-sha256"],
    ),
  };
}
