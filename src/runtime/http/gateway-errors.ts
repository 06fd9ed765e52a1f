/**
 * The errors API Gateway answers with itself, in its own form `{"message": …}` (API.md, Errors):
 * a fact about the HTTP contract rather than about Lambda, kept here because the runtime is the
 * lowest layer that both the local gateway (which sends them) and the OpenAPI document (which
 * states them) may read. Nothing in the runtime sends one. The local twin's own endpoints answer
 * in the same words (`methodNotAllowed` is theirs: API Gateway answers an unrouted method 404).
 */
export interface GatewayErrorKind {
  readonly status: number;
  readonly message: string;
}

export const gatewayErrors = {
  unauthorized: { status: 401, message: "Unauthorized" },
  forbidden: { status: 403, message: "Forbidden" },
  notFound: { status: 404, message: "Not Found" },
  methodNotAllowed: { status: 405, message: "Method Not Allowed" },
  payloadTooLarge: { status: 413, message: "Request Entity Too Large" },
  tooManyRequests: { status: 429, message: "Too Many Requests" },
  headersTooLarge: { status: 431, message: "Request Header Fields Too Large" },
  internal: { status: 500, message: "Internal Server Error" },
  serviceUnavailable: { status: 503, message: "Service Unavailable" },
} as const satisfies Record<string, GatewayErrorKind>;
