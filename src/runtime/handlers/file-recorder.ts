/**
 * `fileRecorder(app)`: the Lambda function the files bucket invokes on ObjectCreated (on AWS, and
 * locally through the same function pool). Each record is handled in turn; a failure that may pass
 * (S3 or DynamoDB unavailable) throws, so Lambda's asynchronous retries deliver the event again.
 */
import type { App } from "../../model/index.js";
import { fileSlotsOf } from "../../model/index.js";
import { createFileBucket, type FileBucket } from "../files/bucket.js";
import { type RecordResult, recordUpload, type S3EventRecord } from "../files/record-upload.js";
import { createStore, type Store } from "../store/index.js";

export interface S3Event {
  readonly Records?: readonly S3EventRecord[];
}

export interface FileRecorderOptions {
  readonly store?: Store;
  readonly bucket?: FileBucket;
}

/** What became of each record, in order. */
export type FileRecorderHandler = (event: S3Event) => Promise<{ readonly results: readonly RecordResult[] }>;

export function fileRecorder(app: App, options: FileRecorderOptions = {}): FileRecorderHandler {
  const context = {
    slots: fileSlotsOf(app.entities),
    store: options.store ?? createStore(),
    bucket: options.bucket ?? createFileBucket(),
  };
  return async (event) => {
    const results: RecordResult[] = [];
    for (const record of event.Records ?? []) results.push(await recordUpload(context, record));
    return { results };
  };
}
