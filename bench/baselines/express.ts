/**
 * Baseline: the routes as the Express tutorials write them, one Express app for all routes behind
 * serverless-http (`express.json()`, a zod check of the body, an error middleware).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import express, { type NextFunction, type Request, type Response } from "express";
import serverless from "serverless-http";
import * as z from "zod/mini";
import { todos } from "../../app/entities/todos.js";
import { callerOf, type TodoInput, tutorialTodos } from "./tutorial-todos.js";

type WithEvent = Request & { event?: unknown };

export function expressHandler(doc: DynamoDBDocumentClient, tableName: string) {
  const data = tutorialTodos(doc, tableName);
  const api = express();
  api.use(express.json());
  const caller = (request: Request) => callerOf((request as WithEvent).event);
  api.get("/v1/users/:userId", async (request, response, next) => {
    try {
      const profile = await data.profile(caller(request));
      if (profile === undefined) response.status(404).json({ message: "Not found" });
      else response.json(profile);
    } catch (error) {
      next(error);
    }
  });
  api.post("/v1/users/:userId/todos", async (request, response, next) => {
    try {
      const parsed = z.safeParse(todos.schema, request.body);
      if (!parsed.success) {
        response.status(400).json({ message: "Invalid body", issues: parsed.error.issues });
        return;
      }
      response.status(201).json(await data.createTodo(caller(request), parsed.data as TodoInput));
    } catch (error) {
      next(error);
    }
  });
  api.get("/v1/users/:userId/todos", async (request, response, next) => {
    try {
      response.json({ items: await data.listTodos(caller(request)) });
    } catch (error) {
      next(error);
    }
  });
  api.use((_error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    response.status(500).json({ message: "Internal Server Error" });
  });
  return serverless(api, {
    request(request: WithEvent, event: unknown) {
      request.event = event;
    },
  });
}
