/** Lambda entry for `POST /counters`. */
import { createRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = createRoute(app, "POST /counters");
