/** Lambda entry for `POST /users/{userId}/todos`. */
import { createRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = createRoute(app, "POST /users/{userId}/todos");
