/**
 * An error answer of the API as an Error: the RFC 9457 problem details the functions answer
 * (`type`, `title`, `status`, `detail`, and extra members such as validation `errors`), or the
 * gateway's own `{"message"}` form, or any other body, turned into a problem with a clear title.
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly type?: string;
  /** Every member of the problem body, including extensions (e.g. `errors` of a validation problem). */
  readonly problem: Readonly<Record<string, unknown>>;
  [member: string]: unknown;

  constructor(status: number, problem: Readonly<Record<string, unknown>>) {
    const title = typeof problem.title === "string" ? problem.title : fallbackTitle(status, problem);
    const detail = typeof problem.detail === "string" ? problem.detail : undefined;
    super(detail === undefined ? `${status} ${title}` : `${status} ${title}: ${detail}`);
    for (const [member, value] of Object.entries(problem)) {
      if (!RESERVED.has(member)) this[member] = value;
    }
    this.status = status;
    this.title = title;
    if (detail !== undefined) this.detail = detail;
    if (typeof problem.type === "string") this.type = problem.type;
    this.problem = problem;
  }
}

/** Members an Error (or this class) owns; a problem body cannot overwrite them. */
const RESERVED = new Set([
  "name",
  "message",
  "stack",
  "cause",
  "status",
  "title",
  "detail",
  "type",
  "problem",
]);

function fallbackTitle(status: number, problem: Readonly<Record<string, unknown>>): string {
  if (typeof problem.message === "string") return problem.message;
  return `HTTP ${status}`;
}

/** The result shape of an openapi-fetch call. */
export interface FetchResult<Data> {
  readonly data?: Data;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The data of a successful openapi-fetch call, or an `ApiProblem` thrown for an error answer.
 * A body that is not a JSON object (text, HTML, empty) becomes a problem whose title names the
 * status, and whose `detail` quotes the start of the body.
 */
export function unwrap<Data>(result: FetchResult<Data>): Data {
  const { response } = result;
  if (response.ok) return result.data as Data;
  throw new ApiProblem(response.status, problemOf(response, result.error));
}

/** How much of a non-JSON error body a problem quotes. */
const QUOTED_BODY_CHARS = 200;

function problemOf(response: Response, error: unknown): Readonly<Record<string, unknown>> {
  if (typeof error === "object" && error !== null && !Array.isArray(error)) {
    return error as Record<string, unknown>;
  }
  const title = response.statusText === "" ? `HTTP ${response.status}` : response.statusText;
  if (typeof error === "string" && error.trim() !== "") {
    return { title, detail: error.trim().slice(0, QUOTED_BODY_CHARS) };
  }
  return { title };
}

/** The `ETag` header of a response, to send back as `If-Match` (or `If-None-Match`). */
export function etagOf(response: Response): string | undefined {
  return response.headers.get("ETag") ?? undefined;
}
