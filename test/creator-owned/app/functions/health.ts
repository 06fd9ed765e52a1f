/** Lambda entry for `GET /health`. */
import { healthRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = healthRoute(app, "GET /health");
