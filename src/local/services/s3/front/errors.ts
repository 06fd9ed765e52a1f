/**
 * S3's refusals as the front answers them: one table of the error codes it uses (status and S3's own
 * default message), the error type that carries a refusal between modules, and S3's XML error body.
 */
import { randomBytes } from "node:crypto";
import { PorticoError } from "../../../../runtime/index.js";

/** S3's status and default message per error code (messages as S3 words them). */
const S3_ERRORS = {
  AccessDenied: [403, "Access Denied"],
  AuthorizationHeaderMalformed: [400, "The authorization header is malformed."],
  AuthorizationQueryParametersError: [400, "Error parsing the X-Amz-Credential parameter."],
  BadRequest: [400, "Insufficient information. Origin request header needed."],
  CORSResponse: [
    403,
    "This CORS request is not allowed. This is usually because the evalution of Origin, request method / " +
      "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
  ],
  EntityTooLarge: [400, "Your proposed upload exceeds the maximum allowed size"],
  EntityTooSmall: [400, "Your proposed upload is smaller than the minimum allowed size"],
  InternalError: [500, "We encountered an internal error. Please try again."],
  InvalidAccessKeyId: [403, "The AWS Access Key Id you provided does not exist in our records."],
  InvalidArgument: [400, "Invalid Argument"],
  InvalidPolicyDocument: [400, "Invalid Policy: Invalid JSON."],
  InvalidRequest: [400, "Invalid Request"],
  MalformedPOSTRequest: [400, "The body of your POST request is not well-formed multipart/form-data."],
  MaxPostPreDataLengthExceeded: [400, "Your POST request fields preceding the upload file were too large."],
  NotImplemented: [501, "A header you provided implies functionality that is not implemented"],
  RequestTimeTooSkewed: [403, "The difference between the request time and the current time is too large."],
  SignatureDoesNotMatch: [
    403,
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  ],
  XAmzContentSHA256Mismatch: [
    400,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type S3ErrorCode = keyof typeof S3_ERRORS;

/** Elements S3 adds after `<Message>`, in order (`<ProposedSize>`, `<MaxSizeAllowed>`, …). */
export type S3ErrorDetail = Readonly<Record<string, string | number>>;

/** A request the front refuses, as S3 would: its code, status, message and extra elements. */
export class S3Refusal extends PorticoError {
  readonly s3Code: S3ErrorCode;
  readonly status: number;
  readonly detail: S3ErrorDetail;

  constructor(s3Code: S3ErrorCode, message?: string, detail: S3ErrorDetail = {}) {
    const [status, defaultMessage] = S3_ERRORS[s3Code];
    super("local.s3.refused", message ?? defaultMessage);
    this.s3Code = s3Code;
    this.status = status;
    this.detail = detail;
  }

  /** By brand and code, so two copies of this module still recognise each other's refusals. */
  static isRefusal(value: unknown): value is S3Refusal {
    return PorticoError.is(value) && value.code === "local.s3.refused";
  }
}

/** The ids S3 puts on every response (`x-amz-request-id`, `x-amz-id-2`) and in every error body. */
export interface RequestIds {
  readonly requestId: string;
  readonly hostId: string;
}

export function newRequestIds(): RequestIds {
  return {
    requestId: randomBytes(8).toString("hex").toUpperCase(),
    hostId: randomBytes(48).toString("base64"),
  };
}

export function requestIdHeaders(ids: RequestIds): [string, string][] {
  return [
    ["x-amz-request-id", ids.requestId],
    ["x-amz-id-2", ids.hostId],
  ];
}

/** S3's error document for `refusal`. */
export function errorXml(refusal: S3Refusal, ids: RequestIds): string {
  const elements = [
    ["Code", refusal.s3Code],
    ["Message", refusal.message],
    ...Object.entries(refusal.detail),
    ["RequestId", ids.requestId],
    ["HostId", ids.hostId],
  ].map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${elements.join("")}</Error>`;
}

/** `RequestId` and `HostId` added to an error document s3rver wrote, which has neither. */
export function withRequestIds(xml: string, ids: RequestIds): string {
  const end = xml.lastIndexOf("</Error>");
  if (end < 0) return xml;
  const added = `<RequestId>${ids.requestId}</RequestId><HostId>${escapeXml(ids.hostId)}</HostId>`;
  return xml.slice(0, end) + added + xml.slice(end);
}

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
