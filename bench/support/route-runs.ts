/**
 * Runs `route-runner.ts` in a child process once per bench run (the `warm` and `cost` sections share
 * it), with the functions' stdout thrown away and their figures back over IPC.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface CostRow {
  readonly functionName: string;
  readonly trigger: string;
  readonly invocations: number;
  /** Median duration of a warm invocation against DynamoDB Local and the embedded S3. */
  readonly medianMs: number;
  /** Means per invocation. */
  readonly dynamodbRequests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly s3Gets: number;
  readonly s3Puts: number;
  readonly s3Deletes: number;
}

export interface WarmRow {
  readonly functionName: string;
  readonly trigger: string;
  /** `sdk`: the route's DynamoDB request alone through the document client, the floor under all three. */
  readonly implementation: "portico" | "express" | "middy" | "sdk";
  /** Median CPU time (user + system) of one invocation, the SDK answered from memory. */
  readonly medianCpuMs: number;
  readonly medianWallMs: number;
  readonly invocations: number;
}

export interface RouteRunResults {
  readonly cost: readonly CostRow[];
  readonly warm: readonly WarmRow[];
}

let run: Promise<RouteRunResults> | undefined;

export function routeRuns(): Promise<RouteRunResults> {
  run ??= new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./route-runner.ts", import.meta.url)), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      env: { ...process.env, AWS_REGION: "us-east-1", POWERTOOLS_SERVICE_NAME: "swifty-planner-bench" },
    });
    let results: RouteRunResults | undefined;
    child.on("message", (message) => {
      results = message as RouteRunResults;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (results !== undefined && code === 0) resolve(results);
      else reject(new Error(`the route runner exited with ${signal ?? code} before it reported`));
    });
  });
  return run;
}
