/** Download links: a presigned GET of one object, for {@link fileUrlSeconds}. */
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { fileUrlSeconds } from "../limits.js";
import type { FileBucket } from "./bucket.js";

/** A presigned GET of `key`, valid for {@link fileUrlSeconds}. */
export function downloadUrl(bucket: FileBucket, key: string): Promise<string> {
  return getSignedUrl(bucket.client, new GetObjectCommand({ Bucket: bucket.name, Key: key }), {
    expiresIn: fileUrlSeconds,
  });
}
