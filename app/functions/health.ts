/** Lambda entry for `GET /health`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "GET /health");
