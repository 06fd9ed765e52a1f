/** Lambda entry for `GET /users/{userId}/todos/{todoId}`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "GET /users/{userId}/todos/{todoId}");
