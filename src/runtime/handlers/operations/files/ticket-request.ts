/**
 * The body of `POST …/avatar` and `POST …/attachments`: `{"contentType":"image/png"}`, one of the
 * slot's types. Anything else in it is named and refused, as for every other body (API.md).
 */
import type { FileSlot } from "../../../../model/index.js";
import { FieldErrors } from "../../../http/field-errors.js";
import { fieldMessages } from "../../../http/problem-catalogue.js";

/** The name the body's schema has in OpenAPI and in messages. */
export const ticketRequestTitle = "UploadRequest";

/** The content type asked for; throws the validation problem naming each offending field. */
export function requestedContentType(body: Readonly<Record<string, unknown>>, slot: FileSlot): string {
  const errors = new FieldErrors();
  for (const name of Object.keys(body)) {
    if (name !== "contentType") errors.add(name, fieldMessages.notAField(ticketRequestTitle));
  }
  const { contentType } = body;
  if (contentType === undefined) errors.add("contentType", fieldMessages.required);
  else if (typeof contentType !== "string") errors.add("contentType", fieldMessages.expectedString);
  else if (!slot.contentTypes.includes(contentType))
    errors.add("contentType", fieldMessages.contentTypeNotAllowed(slot.contentTypes));
  errors.throwIfAny();
  return contentType as string;
}
