/** Responses in the payload 2.0 structured form (AWS-FACTS.md §2.1): status, string headers, string body. */
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
    headers: { "content-type": "application/problem+json", ...problem.headers },
    body: JSON.stringify(problem.toJSON()),
  };
}

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
      "x-content-type-options": "nosniff",
      ...(options.cacheable ? {} : { "cache-control": "no-store" }),
    },
  };
}
