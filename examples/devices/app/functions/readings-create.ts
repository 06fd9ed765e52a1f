/** Lambda entry for `POST /devices/{deviceId}/readings`. */
import { createRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = createRoute(app, "POST /devices/{deviceId}/readings");
