/**
 * The caller, from the JWT authorizer's output in the event: the token's `sub` (checked here,
 * where it is first read, so a key past DynamoDB's size limit never reaches the store) and its
 * scopes by API Gateway's rule (`scopes.ts`).
 */
import { problemCatalogue } from "../http/problem-catalogue.js";
import { ForbiddenProblem } from "../http/problems.js";
import { isVisibleAscii } from "../http/visible-ascii.js";
import { maxSubjectLength } from "../limits.js";
import { eventScopes, type JwtAuthorizerOutput } from "./scopes.js";

export interface Principal {
  /** The token's `sub`. */
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
}

/** Whether a `sub` can name a caller: 1–{@link maxSubjectLength} visible ASCII characters. */
export function isCallerId(subject: unknown): subject is string {
  return typeof subject === "string" && isVisibleAscii(subject, maxSubjectLength);
}

/**
 * The caller, or `undefined` when the event carries no `sub` (no authorizer ran). A `sub` that is
 * not 1–{@link maxSubjectLength} visible ASCII characters is a 403: the token is valid, but names no caller we serve.
 */
export function principalOf(jwt: JwtAuthorizerOutput | undefined): Principal | undefined {
  const subject = jwt?.claims?.sub;
  if (subject === undefined || subject === null) return undefined;
  if (!isCallerId(subject)) {
    throw new ForbiddenProblem(problemCatalogue.forbidden.details.subjectNotCaller);
  }
  return { subject, scopes: new Set(eventScopes(jwt)) };
}
