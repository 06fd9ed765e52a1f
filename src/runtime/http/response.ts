/** Responses in the payload 2.0 structured form (AWS-FACTS.md §2.1): status, string headers, string body. */
import { mediaTypes } from "./media-types.js";
import type { HttpProblem } from "./problems.js";

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function emptyResponse(statusCode: number, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers };
}

export function problemResponse(problem: HttpProblem): HttpResponse {
  return {
    statusCode: problem.status,
    headers: { "content-type": mediaTypes.problem, ...problem.headers },
    body: JSON.stringify(problem.toJSON()),
  };
}

/** Browsers must not guess another type than the one sent (API.md: every response). */
export const noSniffHeader = ["x-content-type-options", "nosniff"] as const;

/** Account data and tokens are never kept by a cache (API.md; RFC 6749 §5.1 for tokens). */
export const noStoreHeader = ["cache-control", "no-store"] as const;

/**
 * Headers every function response carries (API.md, Conventions): `nosniff` always, so a browser
 * never reads a JSON body as HTML; `no-store` on everything but `GET /health`, as the rest
 * carry an account's data and must not be kept by a shared cache or the browser.
 */
export function withConventionHeaders(
  response: HttpResponse,
  options: { readonly cacheable: boolean },
): HttpResponse {
  return {
    ...response,
    headers: {
      ...response.headers,
      [noSniffHeader[0]]: noSniffHeader[1],
      ...(options.cacheable ? {} : { [noStoreHeader[0]]: noStoreHeader[1] }),
    },
  };
}
