/** Lambda entry for `GET /users/{userId}/avatar`. */
import { downloadRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = downloadRoute(app, "GET /users/{userId}/avatar");
