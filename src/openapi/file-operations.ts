/**
 * The operations of a file slot's routes: an upload ticket (the three-step browser flow, with the
 * slot's types and size limit), a redirect to the file, its delete. Their texts and limits are the
 * slot description's and the runtime's; their problems are built from the runtime's catalogue.
 */
import type { AnyEntity, App, FileRouteDescription, FileSlotDescription } from "../model/index.js";
import {
  BadRequestProblem,
  ConflictProblem,
  entityNoun,
  fieldMessages,
  fileUrlSeconds,
  mediaTypes,
  megabytes,
  NotFoundProblem,
  problemCatalogue as problems,
  UnsupportedMediaTypeProblem,
  ValidationProblem,
} from "../runtime/index.js";
import { headerNames, responseHeaders } from "./headers.js";
import { operationIdOf, ref, schemaNames } from "./names.js";
import { accessSentence, securityOf } from "./operations.js";
import { ownerRefOf } from "./owner-ref.js";
import { pathParameters } from "./parameters.js";
import { anyProblem, forbiddenResponse } from "./problem-responses.js";
import {
  failureResponses,
  problemContent,
  problemResponse,
  type Responses,
  sortedResponses,
} from "./responses.js";
import type { OperationObject, RequestBodyObject, SchemaObject } from "./types.js";

const minutes = `${fileUrlSeconds / 60} minutes`;
const types = (slot: FileSlotDescription) => slot.contentTypes.map((type) => `\`${type}\``).join(", ");

function uploadDescription(entity: AnyEntity, slot: FileSlotDescription): string {
  const recorded = slot.multiple
    ? `it is added to the ${entity.name}'s \`${slot.slot}\` (at most ${slot.maxFiles})`
    : `the ${entity.name}'s \`${slot.slot}\` names it, and the file it replaces is deleted`;
  return [
    `Answers an upload ticket: a presigned S3 POST for one new file, valid for ${minutes}. Three steps:`,
    "",
    `1. Call this with \`{"contentType": …}\`, one of ${types(slot)}. The ticket is for exactly that type.`,
    "2. POST the ticket's `url` as `multipart/form-data`: every entry of `fields`, then the file as the " +
      `last field, \`file\`. S3 refuses a file over ${megabytes(slot.maxBytes)} (\`maxBytes\`), another ` +
      "content type, or a ticket past `expiresAt`.",
    `3. Once S3 reports the object, ${recorded}. A file whose bytes are not the type it declared is ` +
      "deleted and never recorded.",
    "",
    `Keys are \`${slot.key}\`.`,
  ].join("\n");
}

function describeFileRoute(
  route: FileRouteDescription,
  entity: AnyEntity,
  slot: FileSlotDescription,
): { summary: string; description: string } {
  const name = entity.name;
  switch (route.operation) {
    case "upload":
      return {
        summary: slot.multiple ? `Upload a ${name}'s ${slot.slot}` : `Upload the ${name}'s ${slot.slot}`,
        description: uploadDescription(entity, slot),
      };
    case "download":
      return {
        summary: `Download the ${name}'s ${slot.slot}`,
        description:
          `Redirects (302) to a presigned GET URL of the ${slot.slot}, valid for ${minutes}; ` +
          `404 when the ${name} has none.`,
      };
    case "deleteFile":
      return {
        summary: `Delete the ${name}'s ${slot.slot}`,
        description: `The ${name} no longer names its ${slot.slot}, and the file is deleted.`,
      };
  }
}

function uploadBody(slot: FileSlotDescription): RequestBodyObject {
  const schema: SchemaObject = {
    allOf: [
      ref("schemas", schemaNames.uploadRequest),
      { type: "object", properties: { contentType: { enum: [...slot.contentTypes] } } },
    ],
  };
  return {
    description: `The type of the file to come: one of ${types(slot)}.`,
    required: true,
    content: { [mediaTypes.json]: { schema } },
  };
}

function fileResponses(
  app: App,
  route: FileRouteDescription,
  entity: AnyEntity,
  slot: FileSlotDescription,
): Responses {
  const noun = entityNoun(entity);
  const { details } = problems.notFound;
  const responses: Responses = {};
  switch (route.operation) {
    case "upload":
      responses["200"] = {
        description: "The upload ticket.",
        headers: responseHeaders(),
        content: { [mediaTypes.json]: { schema: ref("schemas", schemaNames.uploadTicket) } },
      };
      responses["400"] = {
        description:
          "The body is not a JSON object, its `contentType` is missing or not one of the slot's types, " +
          "or it has another field (each one named).",
        headers: responseHeaders(),
        content: problemContent(
          [
            new ValidationProblem([
              { path: "contentType", message: fieldMessages.contentTypeNotAllowed(slot.contentTypes) },
            ]),
            new BadRequestProblem(problems.badRequest.details.bodyNotJson),
          ],
          anyProblem,
        ),
      };
      responses["404"] = problemResponse(`The ${entity.name} in the path does not exist.`, [
        new NotFoundProblem(details.missing(noun)),
      ]);
      if (slot.multiple) {
        responses["409"] = problemResponse(`The ${slot.slot} list already holds ${slot.maxFiles} files.`, [
          new ConflictProblem(problems.conflict.details.slotFull(noun, slot.slot, slot.maxFiles)),
        ]);
      }
      responses["413"] = ref("responses", "PayloadTooLarge");
      responses["415"] = problemResponse("The body is not declared as JSON (`Content-Type`).", [
        new UnsupportedMediaTypeProblem(false),
      ]);
      break;
    case "download":
      responses["302"] = {
        description: `The ${slot.slot}: follow \`Location\` within ${minutes}.`,
        headers: responseHeaders({ [headerNames.location]: ref("headers", "FileLocation") }),
      };
      break;
    case "deleteFile":
      responses["204"] = { description: `The ${slot.slot} is gone.`, headers: responseHeaders() };
      break;
  }
  if (route.operation !== "upload") {
    responses["404"] = problemResponse(`The ${entity.name} does not exist, or has no ${slot.slot}.`, [
      new NotFoundProblem(details.missing(noun)),
      new NotFoundProblem(details.noFile(noun, slot.slot)),
    ]);
  }
  responses["401"] = ref("responses", "Unauthorized");
  const forbidden = forbiddenResponse(app, route, ownerRefOf(entity));
  if (forbidden !== undefined) responses["403"] = forbidden;
  responses["429"] = ref("responses", "TooManyRequests");
  return sortedResponses({ ...responses, ...failureResponses(true) });
}

export function fileOperation(
  app: App,
  route: FileRouteDescription,
  entity: AnyEntity,
  slot: FileSlotDescription,
): OperationObject {
  const { summary, description } = describeFileRoute(route, entity, slot);
  const body = route.operation === "upload" ? uploadBody(slot) : undefined;
  return {
    operationId: operationIdOf(route),
    summary,
    description: `${description}\n\n${accessSentence(app, route, ownerRefOf(entity))}`,
    tags: [entity.collection],
    parameters: pathParameters(route, entity),
    ...(body === undefined ? {} : { requestBody: body }),
    responses: fileResponses(app, route, entity, slot),
    security: securityOf(route),
  };
}

/** The bodies every file slot shares: what a ticket is asked for with, and the ticket. */
export const fileSchemas: Readonly<Record<string, SchemaObject>> = {
  [schemaNames.uploadRequest]: {
    description: "What an upload ticket is for: the media type of the file to come.",
    type: "object",
    properties: {
      contentType: {
        type: "string",
        description: "One of the slot's types; the ticket's policy pins it, and S3 refuses any other.",
      },
    },
    required: ["contentType"],
    additionalProperties: false,
  },
  [schemaNames.uploadTicket]: {
    description:
      "A presigned S3 POST: send `fields`, then the file as `file`, as `multipart/form-data` to `url`.",
    type: "object",
    properties: {
      url: { type: "string", format: "uri", description: "Where to POST the form." },
      fields: {
        type: "object",
        additionalProperties: { type: "string" },
        description:
          "The form fields to send, in any order, before the `file` field: the key, the content type, " +
          "the signed policy and its signature.",
      },
      key: { type: "string", description: "The new file's key; the item names it once it is recorded." },
      expiresAt: {
        type: "string",
        format: "date-time",
        description: `When the ticket's policy expires, ${minutes} after it was made.`,
      },
      maxBytes: {
        type: "integer",
        minimum: 1,
        description: "The largest file the policy accepts, in bytes.",
      },
    },
    required: ["url", "fields", "key", "expiresAt", "maxBytes"],
    additionalProperties: false,
  },
};
