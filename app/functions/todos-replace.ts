/** Lambda entry for `PUT /users/{userId}/todos/{todoId}`. */
import { replaceRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = replaceRoute(app, "PUT /users/{userId}/todos/{todoId}");
