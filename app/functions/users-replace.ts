/** Lambda entry for `PUT /users/{userId}`. */
import { replaceRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = replaceRoute(app, "PUT /users/{userId}");
