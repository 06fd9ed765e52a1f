/** Lambda entry for `GET /devices`. */
import { listRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = listRoute(app, "GET /devices");
