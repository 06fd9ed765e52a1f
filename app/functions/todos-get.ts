/** Lambda entry for `GET /users/{userId}/todos/{todoId}`. */
import { getRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = getRoute(app, "GET /users/{userId}/todos/{todoId}");
