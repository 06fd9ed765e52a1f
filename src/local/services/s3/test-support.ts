/**
 * What the embedded S3's tests share: real PNG bytes, presigned POST tickets and forms sent as a
 * browser sends them, and S3's error code read from a response.
 */
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { createPresignedPost, type PresignedPost } from "@aws-sdk/s3-presigned-post";
import type { S3Service } from "./index.js";

export const BUCKET = "portico-files";

/** A valid 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A ticket as the app hands out: one key, image/png, 1 byte to `maxBytes`. */
export function ticketFor(
  client: ReturnType<S3Service["client"]>,
  key: string,
  options: {
    readonly maxBytes?: number;
    readonly minBytes?: number;
    readonly fields?: Record<string, string>;
  } = {},
): Promise<PresignedPost> {
  return createPresignedPost(client, {
    Bucket: BUCKET,
    Key: key,
    Conditions: [
      ["content-length-range", options.minBytes ?? 1, options.maxBytes ?? 1024],
      ["eq", "$Content-Type", "image/png"],
    ],
    Fields: { "Content-Type": "image/png", ...options.fields },
    Expires: 300,
  });
}

/** POSTs the ticket's fields (with `changes`; `undefined` leaves a field out) and then the file, as a browser form does. */
export function postForm(
  ticket: PresignedPost,
  file: Uint8Array | undefined,
  changes: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...ticket.fields, ...changes })) {
    if (value !== undefined) form.set(name, value);
  }
  if (file !== undefined) form.set("file", new Blob([file]), "avatar.png");
  return fetch(ticket.url, { method: "POST", body: form, headers });
}

/** S3's error code and message from an error response. */
export async function s3Error(
  response: Response,
): Promise<{ status: number; code: string; message: string; body: string }> {
  const body = await response.text();
  return {
    status: response.status,
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? "",
    message: unescapeXml(/<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? ""),
    body,
  };
}

/** Whether the bucket holds `key`, asked as the owner. */
export async function stored(s3: S3Service, key: string): Promise<boolean> {
  try {
    await s3.client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "NotFound") return false;
    throw error;
  }
}

function unescapeXml(text: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name] as string);
}
