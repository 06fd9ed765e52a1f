/**
 * Reads s3rver's `event` payloads (AWS's S3 event notification shape, `{ Records: [...] }`) into the
 * small record the embedded S3 reports for each created object.
 *
 * s3rver emits these for every write it accepts, whether or not the upload would have been allowed on
 * AWS (it checks no signature or POST policy), so whoever records uploads from them must rely on the
 * later enforcing front to have rejected forbidden ones first.
 */

/** One created object, as an S3 event notification record describes it. */
export interface S3ObjectCreatedRecord {
  readonly bucket: string;
  /**
   * The object key as stored (decoded). AWS URL-encodes it in notification records (spaces as `+`), so
   * code that builds AWS-shaped records from this must encode it.
   */
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
  /** Hex MD5 without quotes, as in AWS records; s3rver leaves it out for copies. */
  readonly eTag?: string;
  /** AWS's record eventName, e.g. `ObjectCreated:Put`, `ObjectCreated:Post`, `ObjectCreated:Copy`. */
  readonly eventName: string;
}

/** The `ObjectCreated:*` records of one s3rver event; anything else (removals, odd shapes) is skipped. */
export function objectCreatedRecords(event: unknown): S3ObjectCreatedRecord[] {
  const records = isObject(event) && Array.isArray(event.Records) ? (event.Records as unknown[]) : [];
  const created: S3ObjectCreatedRecord[] = [];
  for (const record of records) {
    if (!isObject(record) || !isObject(record.s3)) continue;
    const { eventName } = record;
    const { bucket, object } = record.s3;
    if (typeof eventName !== "string" || !eventName.startsWith("ObjectCreated:")) continue;
    if (!isObject(bucket) || typeof bucket.name !== "string") continue;
    if (!isObject(object) || typeof object.key !== "string" || typeof object.size !== "number") continue;
    created.push({
      bucket: bucket.name,
      key: object.key,
      size: object.size,
      ...(typeof object.eTag === "string" ? { eTag: object.eTag } : {}),
      eventName,
    });
  }
  return created;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
