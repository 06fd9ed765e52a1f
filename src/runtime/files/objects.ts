/** What functions do to stored objects: read one's first bytes and facts, delete some. */
import { DeleteObjectsCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { type FileBucket, sendToBucket } from "./bucket.js";
import { sniffLength } from "./sniff.js";

/** DeleteObjects takes at most 1,000 keys. */
const deleteBatch = 1000;

/** Deletes `keys` (a missing key is no error, as S3 has it). Throws when S3 reports any key not deleted. */
export async function deleteObjects(bucket: FileBucket, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += deleteBatch) {
    const batch = unique.slice(start, start + deleteBatch);
    const output = await sendToBucket<{ Errors?: { Key?: string; Code?: string }[] }>(
      bucket,
      new DeleteObjectsCommand({
        Bucket: bucket.name,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = output.Errors ?? [];
    if (failed.length > 0) {
      throw new Error(
        `S3 kept ${failed.length} of ${batch.length} objects (first: ${failed[0]?.Code ?? "unknown"}).`,
      );
    }
  }
}

/** An object's stored facts, or `undefined` when it is gone. */
export interface StoredObject {
  readonly size: number;
  readonly contentType: string | undefined;
  /** The first bytes (fewer when the object is shorter). */
  readonly head: Uint8Array;
}

/**
 * Without `s3:ListBucket` S3 answers a missing key with 403, not 404 (a function's role has no
 * listing), so both mean the object is not there for this function.
 */
function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    name === "NotFound" ||
    name === "NoSuchKey" ||
    $metadata?.httpStatusCode === 404 ||
    $metadata?.httpStatusCode === 403
  );
}

/** The object's total size, from a ranged answer's `Content-Range` (`bytes 0-15/2048`). */
function totalSize(contentRange: string | undefined, contentLength: number | undefined): number {
  const total = /\/(\d+)$/.exec(contentRange ?? "")?.[1];
  return total === undefined ? (contentLength ?? 0) : Number(total);
}

/** One ranged GET: the first bytes, the declared type and (from `Content-Range`) the whole size. */
export async function readObject(bucket: FileBucket, key: string): Promise<StoredObject | undefined> {
  try {
    const first = await sendToBucket<{
      Body?: { transformToByteArray(): Promise<Uint8Array> };
      ContentType?: string;
      ContentRange?: string;
      ContentLength?: number;
    }>(bucket, new GetObjectCommand({ Bucket: bucket.name, Key: key, Range: `bytes=0-${sniffLength - 1}` }));
    const bytes = (await first.Body?.transformToByteArray()) ?? new Uint8Array();
    return {
      size: totalSize(first.ContentRange, first.ContentLength),
      contentType: first.ContentType,
      head: bytes.subarray(0, sniffLength),
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    // S3 answers a range on an empty object with 416: it exists, with no bytes.
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416)
      return { size: 0, contentType: undefined, head: new Uint8Array() };
    throw error;
  }
}
