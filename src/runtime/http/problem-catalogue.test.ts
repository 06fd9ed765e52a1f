/** The catalogue is the problems' one source: each class answers with its kind's type, title and status. */
import { describe, expect, it } from "vitest";
import { problemCatalogue } from "./problem-catalogue.js";
import {
  BadRequestProblem,
  ConflictProblem,
  ForbiddenProblem,
  type HttpProblem,
  InternalProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  ServiceUnavailableProblem,
  UnauthorizedProblem,
  UnprocessableContentProblem,
  UnsupportedMediaTypeProblem,
  ValidationProblem,
} from "./problems.js";

const instances: Record<keyof typeof problemCatalogue, HttpProblem> = {
  badRequest: new BadRequestProblem("x"),
  validation: new ValidationProblem([{ path: "a", message: "is required" }]),
  unauthorized: new UnauthorizedProblem(),
  forbidden: new ForbiddenProblem("x"),
  notFound: new NotFoundProblem("x"),
  conflict: new ConflictProblem("x"),
  preconditionFailed: new PreconditionFailedProblem("account", '"1"'),
  unsupportedMediaType: new UnsupportedMediaTypeProblem(false),
  unprocessableContent: new UnprocessableContentProblem("x"),
  serviceUnavailable: new ServiceUnavailableProblem(1, undefined),
  internal: new InternalProblem(undefined),
};

describe("problemCatalogue", () => {
  it.each(Object.entries(instances))("gives %s its type, title, status and code", (kind, problem) => {
    const entry = problemCatalogue[kind as keyof typeof problemCatalogue];
    expect(problem.toJSON()).toMatchObject({
      type: `urn:portico:problem:${entry.slug}`,
      title: entry.title,
      status: entry.status,
    });
    expect(problem.code).toBe(`http.${entry.slug}`);
  });

  it("names each kind by a slug of its own", () => {
    const slugs = Object.values(problemCatalogue).map((entry) => entry.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("fills in the details that name something", () => {
    expect(new ValidationProblem([{ path: "a", message: "m" }], 25).detail).toBe(
      "The request has 25 invalid fields; the first 1 are listed.",
    );
    expect(new UnsupportedMediaTypeProblem(true).detail).toBe(
      "The request body must be JSON in UTF-8, sent with Content-Type: application/merge-patch+json.",
    );
  });
});
