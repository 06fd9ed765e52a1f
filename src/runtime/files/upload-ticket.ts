/**
 * Upload tickets: a presigned S3 POST whose policy pins the exact key, the one content type asked
 * for and the size limit (a presigned PUT cannot bound the size: AWS-FACTS §10), for
 * {@link fileUrlSeconds}. Apart from download links, so an upload function bundles one presigner.
 */
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import type { UploadTicket } from "../../client/upload-ticket.js";
import { fileUrlSeconds } from "../limits.js";
import type { FileBucket } from "./bucket.js";

/** What `POST …/avatar` answers (API.md, Files); the client reads the same shape. */
export type { UploadTicket };

export interface TicketRequest {
  readonly key: string;
  readonly contentType: string;
  readonly maxBytes: number;
}

export async function uploadTicket(bucket: FileBucket, request: TicketRequest): Promise<UploadTicket> {
  const { key, contentType, maxBytes } = request;
  const expiresAt = new Date(bucket.now().getTime() + fileUrlSeconds * 1000);
  const { url, fields } = await createPresignedPost(bucket.client, {
    Bucket: bucket.name,
    Key: key,
    Conditions: [
      ["content-length-range", 1, maxBytes],
      ["eq", "$Content-Type", contentType],
    ],
    Fields: { "Content-Type": contentType },
    Expires: fileUrlSeconds,
  });
  return { url, fields, key, expiresAt: expiresAt.toISOString(), maxBytes };
}
