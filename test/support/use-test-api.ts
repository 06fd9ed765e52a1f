/**
 * The per-file setup of a contract suite, written once: the API starts in a `beforeAll` (and is
 * stopped after the file by the setup file), and the problem checks know its table's name.
 */
import type { App } from "portico/model";
import { beforeAll, beforeEach } from "vitest";
import {
  type Call,
  type CreateTestApiOptions,
  createTestApi,
  type Reply,
  type TestApi,
  testTarget,
} from "./api.js";
import { checkFieldErrors, checkProblem, type Problem } from "./problems.js";

export interface UsedTestApi {
  /** The file's API; usable from the first hook or test on. */
  readonly api: TestApi;
  /** The target cannot run the suite (see `severalCallersReason`): its tests skip, and so must its own hooks. */
  readonly skipped: boolean;
  /** An RFC 9457 problem with `status` that leaks nothing about the file's table. */
  expectProblem(reply: Reply, status: number): Problem;
  /** A 400 problem naming exactly `paths` in its `errors`. */
  expectFieldErrors(reply: Reply, paths: readonly string[]): Problem;
}

export interface TestApiOptions {
  /**
   * Every call of the suite comes from one caller with the admin scope, and nothing it checks
   * depends on that caller's `sub`, so it runs on a deployed stage too.
   */
  readonly oneAdminCaller?: boolean;
  /** Where the suite's requests go, whatever `PORTICO_TEST_TARGET` says; its app folder; its custom routes' code. */
  readonly api?: CreateTestApiOptions;
}

/**
 * Why a suite does not run on a deployed stage: there, the only caller is the stack's machine
 * client (Cognito's client credentials), whose `sub` is its client id and whose only scope is the
 * admin scope, so suites of several callers, or of callers without the admin scope, cannot run.
 */
export const severalCallersReason =
  "needs several callers or a caller without the admin scope; a deployed stage has one, its machine client";

/** Serves `app` for the test file: `const { api, expectProblem } = useTestApi(app);`. */
export function useTestApi(app: App, options: TestApiOptions = {}): UsedTestApi {
  let current: TestApi | undefined;
  const skipped = testTarget() === "deployed" && options.oneAdminCaller !== true;
  beforeEach((context) => {
    if (skipped) context.skip(severalCallersReason);
  });
  beforeAll(async () => {
    if (!skipped) current = await createTestApi(app, options.api);
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
    get bucket() {
      return live().bucket;
    },
    call: (call: Call) => live().call(call),
  };
  return {
    api,
    skipped,
    expectProblem: (reply, status) => checkProblem(reply, status, api.tableName),
    expectFieldErrors: (reply, paths) => checkFieldErrors(reply, paths, api.tableName),
  };
}
