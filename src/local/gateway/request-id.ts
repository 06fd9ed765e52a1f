/** API Gateway request ids: 15 letters and digits then `=`, as in AWS's (`J6vl3iNWoAMESOw=`). */
import { randomBytes, randomInt } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function newRequestId(): string {
  let id = "";
  for (let index = 0; index < 15; index++) id += alphabet[randomInt(alphabet.length)];
  return `${id}=`;
}

/** `Root=1-<8 hex epoch seconds>-<24 hex>`, the X-Ray trace header API Gateway adds. */
export function newTraceId(now: number): string {
  return `Root=1-${Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0")}-${randomBytes(12).toString("hex")}`;
}
