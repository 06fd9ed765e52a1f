/** Lambda entry for `POST /devices`. */
import { createRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = createRoute(app, "POST /devices");
