/**
 * Records one uploaded object on its item, from its S3 ObjectCreated event, after checking it as
 * S3 could not: the key is one the app makes, the size and declared type are the slot's, and the
 * first bytes are of the declared type. An object that fails a check is deleted and the reason
 * logged; the item is not touched. An object no item wants (its item is gone, a newer avatar won,
 * the list is full) is deleted too, so the bucket holds only what items name. S3 delivers events at
 * least once: a replay finds the key recorded, or the object gone, and changes nothing.
 */
import { type FileSlotOf, maxFilesOf, parseFileKey } from "../../model/index.js";
import { logger } from "../log.js";
import { recordFile } from "../store/operations/files.js";
import type { Store } from "../store/store.js";
import type { FileBucket } from "./bucket.js";
import { deleteObjects, readObject } from "./objects.js";
import { bytesAreOfType } from "./sniff.js";

/** The part of an S3 event notification record the recorder reads. */
export interface S3EventRecord {
  readonly eventName: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    /** URL-encoded as S3 sends it (`+` for a space). */
    readonly object: { readonly key: string; readonly size?: number };
  };
}

export interface RecorderContext {
  readonly slots: readonly FileSlotOf[];
  readonly store: Store;
  readonly bucket: FileBucket;
}

/** What happened to one event's object, for the log and the tests. */
export type RecordResult =
  | "recorded"
  | "duplicate"
  | "ignored"
  | "gone"
  | "refused"
  | "superseded"
  | "full"
  | "missing";

/** S3 URL-encodes keys in notifications, with `+` for a space; `undefined` for a malformed encoding. */
export function decodeEventKey(key: string): string | undefined {
  try {
    return decodeURIComponent(key.replace(/\+/g, "%20"));
  } catch {
    return undefined;
  }
}

/** Why an object cannot be recorded in its slot, or `undefined` when it can. */
function refusalOf(slotOf: FileSlotOf, size: number, contentType: string | undefined, head: Uint8Array) {
  const { slot } = slotOf;
  if (size < 1 || size > slot.maxBytes) return `its size ${size} is outside 1–${slot.maxBytes} bytes`;
  if (contentType === undefined || !slot.contentTypes.includes(contentType))
    return `its declared type ${JSON.stringify(contentType)} is not one of ${slot.contentTypes.join(", ")}`;
  if (!bytesAreOfType(contentType, head)) return `its bytes are not ${contentType}`;
  return undefined;
}

export async function recordUpload(context: RecorderContext, record: S3EventRecord): Promise<RecordResult> {
  const { bucket, store } = context;
  const key = decodeEventKey(record.s3.object.key);
  const facts = {
    bucket: record.s3.bucket.name,
    key: key ?? record.s3.object.key,
    eventName: record.eventName,
  };
  const parsed =
    key !== undefined && record.s3.bucket.name === bucket.name ? parseFileKey(context.slots, key) : undefined;
  if (key === undefined || parsed === undefined || !record.eventName.startsWith("ObjectCreated:")) {
    logger().info("upload ignored: not a key of this app", facts);
    return "ignored";
  }
  const stored = await readObject(bucket, key);
  if (stored === undefined) {
    logger().info("upload ignored: the object is gone", facts);
    return "gone";
  }
  const reason = refusalOf(parsed, stored.size, stored.contentType, stored.head);
  if (reason !== undefined) {
    await deleteObjects(bucket, [key]);
    logger().warn("upload refused and deleted", { ...facts, reason });
    return "refused";
  }
  const outcome = await recordFile(store, parsed.entity, {
    ids: parsed.ids,
    slot: parsed.name,
    multiple: parsed.slot.multiple,
    maxFiles: maxFilesOf(parsed.slot),
    file: { key, contentType: stored.contentType as string, size: stored.size },
  });
  switch (outcome.kind) {
    case "recorded":
      // The file it replaced is named by no item any more.
      if (outcome.replaced !== undefined) await deleteObjects(bucket, [outcome.replaced]);
      logger().info("upload recorded", { ...facts, size: stored.size, replaced: outcome.replaced });
      return "recorded";
    case "duplicate":
      logger().info("upload already recorded", facts);
      return "duplicate";
    default:
      await deleteObjects(bucket, [key]);
      logger().info("upload not wanted and deleted", { ...facts, reason: outcome.kind });
      return outcome.kind;
  }
}
