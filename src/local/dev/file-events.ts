/**
 * The embedded S3's object events, delivered to the file recorder as S3 delivers them on AWS: an
 * S3 event notification (`{ Records: [...] }`, version 2.1, the key URL-encoded) for each created
 * object under one of the trigger's prefixes, invoked asynchronously through the function pool,
 * and retried twice on failure with a growing delay (Lambda's asynchronous invocation retries twice;
 * on AWS the waits are about a minute and two, here a second and two, so a test sees them).
 */
import { randomBytes } from "node:crypto";
import type { FunctionDescription } from "../../model/index.js";
import type { InvocationOutcome } from "../gateway/invoker/function-pool.js";
import { newRequestId } from "../gateway/request-id.js";
import { LOCAL_REGION } from "../services/dynamodb/access-key.js";
import type { S3ObjectCreatedRecord } from "../services/s3/index.js";

/** Lambda's retries of an asynchronous invocation that failed, and the local waits before each. */
export const recorderRetryDelaysMs: readonly number[] = [1_000, 2_000];

/** S3 URL-encodes keys in notifications (`+` for a space, `/` kept). */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/** One record as S3 would send it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). */
export function s3EventOf(record: S3ObjectCreatedRecord, now: Date = new Date()): { Records: unknown[] } {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: LOCAL_REGION,
        eventTime: now.toISOString(),
        eventName: record.eventName,
        userIdentity: { principalId: "portico-local" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: {
          "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
          "x-amz-id-2": randomBytes(32).toString("base64"),
        },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "portico-local-recorder",
          bucket: {
            name: record.bucket,
            ownerIdentity: { principalId: "portico-local" },
            arn: `arn:aws:s3:::${record.bucket}`,
          },
          object: {
            key: encodeEventKey(record.key),
            size: record.size,
            ...(record.eTag === undefined ? {} : { eTag: record.eTag }),
            sequencer: now.getTime().toString(16).toUpperCase().padStart(16, "0"),
          },
        },
      },
    ],
  };
}

export interface RecorderDeliveryOptions {
  /** The s3-triggered function (the recorder); its trigger's prefixes filter the keys. */
  readonly recorder: FunctionDescription;
  readonly invoke: (name: string, event: unknown, requestId: string) => Promise<InvocationOutcome>;
  readonly log: (line: string) => void;
  /** @default {@link recorderRetryDelaysMs} */
  readonly retryDelaysMs?: readonly number[];
}

export interface RecorderDelivery {
  /** Delivers one created object's event, unless its key is under none of the trigger's prefixes. */
  deliver(record: S3ObjectCreatedRecord): void;
  /**
   * Resolves once every delivery started so far has ended (retries included), or once `withinMs`
   * has passed (stop bounds its wait this way).
   */
  settled(withinMs?: number): Promise<void>;
  /** Stops retrying: deliveries waiting to retry end now, one under way ends with its invocation. */
  close(): void;
}

export function createRecorderDelivery(options: RecorderDeliveryOptions): RecorderDelivery {
  const { recorder, invoke, log } = options;
  const delays = options.retryDelaysMs ?? recorderRetryDelaysMs;
  const prefixes = recorder.trigger.kind === "s3" ? recorder.trigger.prefixes : [];
  const pending = new Set<Promise<void>>();
  /** Each retry's timer, and how to end its wait at once (on close). */
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      waits.set(timer, resolve);
    });
  const attempt = async (record: S3ObjectCreatedRecord) => {
    const event = s3EventOf(record);
    for (let tries = 0; !closed; tries++) {
      const outcome = await invoke(recorder.name, event, newRequestId());
      if (outcome.kind === "result") {
        // The recorder answers what became of each record (`recorded`, `refused`, …): worth a line.
        const results = (outcome.result as { results?: unknown } | null)?.results;
        const said = Array.isArray(results) ? results.join(", ") : "done";
        log(`${recorder.name}: s3://${record.bucket}/${record.key} ${said}`);
        return;
      }
      const reason = outcome.kind === "timeout" ? "timed out" : outcome.message;
      if (closed) {
        log(
          `${recorder.name}: s3://${record.bucket}/${record.key} failed (${reason}); not retried: stopping`,
        );
        return;
      }
      const delay = delays[tries];
      if (delay === undefined) {
        log(
          `${recorder.name}: gave up on s3://${record.bucket}/${record.key} after ${tries + 1} attempts: ${reason}`,
        );
        return;
      }
      log(
        `${recorder.name}: s3://${record.bucket}/${record.key} failed (${reason}); retrying in ${delay} ms`,
      );
      await wait(delay);
    }
  };
  return {
    deliver(record) {
      if (closed || !prefixes.some((prefix) => record.key.startsWith(prefix))) return;
      const delivery = attempt(record).finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async settled(withinMs) {
      const all = (async () => {
        while (pending.size > 0) await Promise.all([...pending]);
      })();
      if (withinMs === undefined) return all;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, withinMs);
      });
      await Promise.race([all, timedOut]).finally(() => clearTimeout(timer));
    },
    close() {
      closed = true;
      for (const [timer, resolve] of waits) {
        clearTimeout(timer);
        resolve();
      }
      waits.clear();
    },
  };
}
