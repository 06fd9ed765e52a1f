/**
 * The per-file setup of a contract suite, written once: the API starts in a `beforeAll` (and is
 * stopped after the file by the setup file), and the problem checks know its table's name.
 */
import type { App } from "portico/model";
import { beforeAll } from "vitest";
import { type Call, createTestApi, type Reply, type TestApi } from "./api.js";
import { checkFieldErrors, checkProblem, type Problem } from "./problems.js";

export interface UsedTestApi {
  /** The file's API; usable from the first hook or test on. */
  readonly api: TestApi;
  /** An RFC 9457 problem with `status` that leaks nothing about the file's table. */
  expectProblem(reply: Reply, status: number): Problem;
  /** A 400 problem naming exactly `paths` in its `errors`. */
  expectFieldErrors(reply: Reply, paths: readonly string[]): Problem;
}

/** Serves `app` for the test file: `const { api, expectProblem } = useTestApi(app);`. */
export function useTestApi(app: App): UsedTestApi {
  let current: TestApi | undefined;
  beforeAll(async () => {
    current = await createTestApi(app);
  });
  const live = (): TestApi => {
    if (current === undefined)
      throw new Error("The test API starts in beforeAll: use it in a hook or a test.");
    return current;
  };
  const api: TestApi = {
    get target() {
      return live().target;
    },
    get store() {
      return live().store;
    },
    get sdkCalls() {
      return live().sdkCalls;
    },
    get tableName() {
      return live().tableName;
    },
    call: (call: Call) => live().call(call),
  };
  return {
    api,
    expectProblem: (reply, status) => checkProblem(reply, status, api.tableName),
    expectFieldErrors: (reply, paths) => checkFieldErrors(reply, paths, api.tableName),
  };
}
