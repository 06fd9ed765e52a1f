/**
 * Baseline: the routes as the Middy tutorials write them, one function per route with the JSON
 * body parser, the validator (a JSON Schema compiled by Ajv) and the HTTP error handler.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import validator from "@middy/validator";
import { transpileSchema } from "@middy/validator/transpile";
import { callerOf, type TodoInput, tutorialTodos } from "./tutorial-todos.js";

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const createTodoSchema = {
  type: "object",
  required: ["body"],
  properties: {
    body: {
      type: "object",
      required: ["title"],
      additionalProperties: false,
      properties: {
        title: { type: "string", minLength: 1, maxLength: 200 },
        notes: { type: "string", maxLength: 5000 },
        done: { type: "boolean" },
        dueAt: { type: ["string", "null"], format: "date-time" },
      },
    },
  },
};

export function middyHandlers(doc: DynamoDBDocumentClient, tableName: string) {
  const data = tutorialTodos(doc, tableName);
  return {
    getProfile: middy(async (event: unknown) => {
      const profile = await data.profile(callerOf(event));
      return profile === undefined ? json(404, { message: "Not found" }) : json(200, profile);
    }).use(httpErrorHandler()),
    createTodo: middy(async (event: { body: TodoInput }) =>
      json(201, await data.createTodo(callerOf(event), event.body)),
    )
      .use(httpJsonBodyParser())
      .use(validator({ eventSchema: transpileSchema(createTodoSchema) }))
      .use(httpErrorHandler()),
    listTodos: middy(async (event: unknown) =>
      json(200, { items: await data.listTodos(callerOf(event)) }),
    ).use(httpErrorHandler()),
  };
}
