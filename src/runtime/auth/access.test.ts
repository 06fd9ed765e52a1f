import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/support/store-entities.js";
import { ForbiddenProblem, UnauthorizedProblem } from "../http/problems.js";
import { authorize, resolveIds } from "./access.js";

const alice = { subject: "alice", scopes: new Set<string>() };
const admin = { subject: "root", scopes: new Set(["test/admin"]) };
const getNote = testApp.route("GET /accounts/{accountId}/notes/{noteId}");
const putNote = testApp.route("PUT /accounts/{accountId}/notes/{noteId}");

describe("access", () => {
  it("lets `me` stand for the caller in the owner's id", () => {
    expect(resolveIds(getNote, { accountId: "me", noteId: "n1" }, alice)).toEqual({
      accountId: "alice",
      noteId: "n1",
    });
  });

  it("lets the owner in, refuses another caller, and lets an admin read but not write", () => {
    expect(() => authorize(getNote, alice, { accountId: "alice", noteId: "n" }, "test/admin")).not.toThrow();
    expect(() => authorize(getNote, alice, { accountId: "bob", noteId: "n" }, "test/admin")).toThrow(
      ForbiddenProblem,
    );
    expect(() => authorize(getNote, admin, { accountId: "bob", noteId: "n" }, "test/admin")).not.toThrow();
    expect(() => authorize(putNote, admin, { accountId: "bob", noteId: "n" }, "test/admin")).toThrow(
      ForbiddenProblem,
    );
  });

  it("refuses a caller without a principal when a function is invoked without the authorizer", () => {
    expect(() => authorize(getNote, undefined, { accountId: "a", noteId: "n" }, "test/admin")).toThrow(
      UnauthorizedProblem,
    );
  });
});
