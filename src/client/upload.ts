import { parseS3Error } from "./s3-error.js";
import type { UploadTicket } from "./upload-ticket.js";

/** S3's code for a file over the policy's size limit; also used before sending an over-size file. */
export const ENTITY_TOO_LARGE = "EntityTooLarge";

/** S3 (or this client, for a file over the ticket's `maxBytes`) refused an upload. */
export class UploadRefused extends Error {
  override readonly name = "UploadRefused";
  /** The HTTP status S3 answered; 0 when the file was refused before sending. */
  readonly status: number;
  /** S3's error code (`EntityTooLarge`, `AccessDenied`, …), or `"Unknown"` when S3 gave none. */
  readonly code: string;
  /** S3's own message, when it gave one. */
  readonly s3Message?: string;

  constructor(status: number, code: string, message: string, s3Message?: string) {
    super(message);
    this.status = status;
    this.code = code;
    if (s3Message !== undefined) this.s3Message = s3Message;
  }
}

export interface UploadOptions {
  /** A fetch to use instead of the global one. */
  readonly fetch?: typeof fetch;
  /** The file name sent in the form; defaults to the File's own name, or `"file"`. */
  readonly fileName?: string;
}

/**
 * Uploads `file` with an upload ticket: a `multipart/form-data` POST to `ticket.url` with the
 * ticket's fields, then the file last (S3 ignores fields after it). A file over `ticket.maxBytes`
 * is refused before anything is sent; a refusal by S3 is thrown as `UploadRefused` with S3's code.
 */
export async function uploadWithTicket(
  ticket: UploadTicket,
  file: Blob,
  options: UploadOptions = {},
): Promise<void> {
  if (file.size > ticket.maxBytes) {
    throw new UploadRefused(
      0,
      ENTITY_TOO_LARGE,
      `The file is ${file.size} bytes; the largest allowed is ${ticket.maxBytes} bytes.`,
    );
  }
  const form = new FormData();
  for (const [field, value] of Object.entries(ticket.fields)) form.append(field, value);
  form.append("file", file, options.fileName ?? fileNameOf(file));
  const send = options.fetch ?? fetch;
  const response = await send(ticket.url, { method: "POST", body: form });
  if (response.ok) return;
  const { code, message } = parseS3Error(await response.text().catch(() => ""));
  throw new UploadRefused(
    response.status,
    code ?? "Unknown",
    `The upload was refused (${response.status}${code === undefined ? "" : ` ${code}`})${message === undefined ? "." : `: ${message}`}`,
    message,
  );
}

function fileNameOf(file: Blob): string {
  return typeof File !== "undefined" && file instanceof File && file.name !== "" ? file.name : "file";
}
