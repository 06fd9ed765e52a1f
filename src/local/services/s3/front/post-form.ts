/**
 * Reads a browser's presigned POST (`multipart/form-data`) as S3 does: fields up to the `file`,
 * which must come last (anything after it is ignored), names case-insensitive. The form is authorized
 * before the first byte of the file is read, and the file is counted while it streams, so an
 * oversize upload stops at its limit instead of being read whole.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { S3Refusal } from "./errors.js";
import { type LengthRange, missingField, type PostFields } from "./post-policy.js";

/** S3 caps the fields before the file; a longer preamble is no form a browser sends. */
const MAX_PRE_DATA_BYTES = 20 * 1024;

export interface PostUpload {
  /** Every field before the file, by lower-case name; `key` with `${filename}` replaced. */
  readonly fields: PostFields;
  readonly file: Buffer;
}

/**
 * Reads the form from `request`, calling `authorize` with its fields once the file begins; the file
 * may then hold at most `limit` bytes whatever the policy allows.
 */
export function readPostUpload(
  request: IncomingMessage,
  authorize: (fields: PostFields) => Promise<LengthRange | undefined>,
  limit: number,
): Promise<PostUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { fieldSize: MAX_PRE_DATA_BYTES } });
    } catch {
      reject(new S3Refusal("MalformedPOSTRequest"));
      return;
    }
    let settled = false;
    const fail = (refusal: unknown) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(refusal);
    };
    const fields = new Map<string, string>();
    let preData = 0;
    let fileSeen = false;

    const readFile = async (stream: Readable, filename: string) => {
      stream.pause();
      try {
        const key = fields.get("key");
        if (key === undefined) throw missingField("key");
        // S3 puts the file's name where the key says `${filename}`, before checking the policy.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder, not a template
        fields.set("key", key.replaceAll("${filename}", filename));
        const range = await authorize(fields);
        const max = Math.min(range?.max ?? limit, limit);
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > max)
            fail(new S3Refusal("EntityTooLarge", undefined, { ProposedSize: size, MaxSizeAllowed: max }));
          else chunks.push(chunk);
        });
        stream.once("end", () => {
          if (range !== undefined && size < range.min) {
            fail(
              new S3Refusal("EntityTooSmall", undefined, { ProposedSize: size, MinSizeAllowed: range.min }),
            );
          } else if (!settled) {
            settled = true;
            resolve({ fields, file: Buffer.concat(chunks) });
          }
        });
        stream.resume();
      } catch (refusal) {
        fail(refusal);
      }
    };

    parser.on("field", (name, value, info) => {
      if (fileSeen) return;
      preData += name.length + value.length;
      if (info.valueTruncated || preData > MAX_PRE_DATA_BYTES)
        fail(new S3Refusal("MaxPostPreDataLengthExceeded"));
      else fields.set(name.toLowerCase(), value);
    });
    parser.on("file", (name, stream, info) => {
      if (fileSeen || name.toLowerCase() !== "file") {
        stream.resume();
        return;
      }
      fileSeen = true;
      void readFile(stream, info.filename ?? "");
    });
    parser.once("error", () => fail(new S3Refusal("MalformedPOSTRequest")));
    parser.once("close", () => {
      if (!fileSeen) {
        fail(
          new S3Refusal("InvalidArgument", "POST requires exactly one file upload per request.", {
            ArgumentName: "file",
            ArgumentValue: 0,
          }),
        );
      }
    });
    request.pipe(parser);
  });
}

/** Fields that authorize the form: S3 consumes them; nothing after it stores them. */
const AUTHORIZING = new Set([
  "policy",
  "x-amz-signature",
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-security-token",
  "awsaccesskeyid",
  "signature",
  "bucket",
]);

/**
 * The accepted upload as a form s3rver stores (key, Content-Type, x-amz-meta-* and the rest S3 keeps)
 * and reports as `ObjectCreated:Post`.
 */
export function forwardedForm(upload: PostUpload): { readonly contentType: string; readonly body: Buffer } {
  const boundary = `----portico${randomBytes(16).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of upload.fields) {
    // A name S3 stores is a token; anything else cannot be a header s3rver keeps (nor break the form).
    if (AUTHORIZING.has(name) || name.startsWith("x-ignore-") || !/^[a-z0-9_-]+$/.test(name)) continue;
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    upload.file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
