/** Lambda entry for `GET /users/{userId}/todos`. */
import { listRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = listRoute(app, "GET /users/{userId}/todos");
