/**
 * The Lambda proxy integration as API Gateway sees it: the function's outcome raced against the
 * integration timeout, and what the client gets for it (AWS-FACTS.md §2.3), with the reason for
 * every 5xx so the log can say why.
 */
import { gatewayErrors } from "../../runtime/index.js";
import type { InvocationOutcome } from "./invoker/function-pool.js";
import { type GatewayResponse, gatewayError, translateResult } from "./response.js";

/** Runs a function on an event (the function pool, locally). */
export interface Invoker {
  invoke(functionName: string, event: unknown, requestId: string): Promise<InvocationOutcome>;
  /** Gets the function ready ahead of an invocation that must wait for something first (optional). */
  prepare?(functionName: string): void;
}

/**
 * What the integration gave the gateway: the function's outcome, nothing within the timeout, or
 * nothing before the local gateway was told to stop (a drain's grace ran out).
 */
export type IntegrationOutcome =
  | InvocationOutcome
  | { readonly kind: "integration-timeout" }
  | { readonly kind: "gateway-stopped" };

/** Resolves when `signal` aborts (never without one); `dispose` drops the listener. */
export function whenAborted(signal: AbortSignal | undefined): {
  readonly aborted: Promise<void>;
  readonly dispose: () => void;
} {
  if (signal === undefined) return { aborted: new Promise(() => {}), dispose: () => {} };
  let dispose = () => {};
  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const listener = () => resolve();
    signal.addEventListener("abort", listener, { once: true });
    dispose = () => signal.removeEventListener("abort", listener);
  });
  return { aborted, dispose: () => dispose() };
}

/** The function's outcome, or `integration-timeout` once `timeoutMs` passes first, or `gateway-stopped`. */
export async function invokeWithin(
  invoker: Invoker,
  functionName: string,
  event: unknown,
  requestId: string,
  timeoutMs: number,
  stopping?: AbortSignal,
): Promise<IntegrationOutcome> {
  if (stopping?.aborted) return { kind: "gateway-stopped" };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<IntegrationOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "integration-timeout" }), timeoutMs);
  });
  const stop = whenAborted(stopping);
  try {
    return await Promise.race([
      invoker.invoke(functionName, event, requestId),
      timedOut,
      stop.aborted.then((): IntegrationOutcome => ({ kind: "gateway-stopped" })),
    ]);
  } finally {
    clearTimeout(timer);
    stop.dispose();
  }
}

/** A failure's one-line reason for the access log, and its full detail (a stack) for stderr. */
export interface Failure {
  readonly reason: string;
  readonly detail?: string;
}

export const firstLine = (text: string) => text.split("\n", 1)[0] ?? "";

/**
 * The outcome as API Gateway reports it to the client (AWS-FACTS.md §2.3), and why when it fails:
 * a function that throws, answers garbage or runs past its own timeout (Lambda ends it) is a 500;
 * only the integration timeout passing while the function still runs is a 503.
 */
export function integrationResponse(
  outcome: IntegrationOutcome,
  integrationTimeoutMs: number,
): { readonly response: GatewayResponse; readonly failure?: Failure } {
  const internalError = (failure: Failure) => ({
    response: gatewayError(gatewayErrors.internal),
    failure,
  });
  switch (outcome.kind) {
    case "result": {
      const translated = translateResult(outcome.result, outcome.bytes);
      if (translated.ok) return { response: translated.response };
      return internalError({ reason: `the function's response is malformed: ${translated.reason}` });
    }
    case "error":
      return internalError({
        reason: `the function threw: ${firstLine(outcome.message)}`,
        detail: outcome.message,
      });
    case "crash":
      return internalError({
        reason: `the function's sandbox died: ${firstLine(outcome.message)}`,
        detail: outcome.message,
      });
    case "timeout":
      return internalError({ reason: "the function ran past its own timeout, and Lambda ended it" });
    case "integration-timeout":
      return {
        response: gatewayError(gatewayErrors.serviceUnavailable),
        failure: {
          reason: `the integration timed out after ${integrationTimeoutMs} ms while the function still ran`,
        },
      };
    case "gateway-stopped":
      // As when the integration times out: the client gets API Gateway's 503, the function runs on.
      return {
        response: gatewayError(gatewayErrors.serviceUnavailable),
        failure: { reason: "the local gateway stopped before the function answered" },
      };
  }
}
