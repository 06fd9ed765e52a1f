/** Lambda entry for `GET /devices/{deviceId}/readings`. */
import { listRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = listRoute(app, "GET /devices/{deviceId}/readings");
