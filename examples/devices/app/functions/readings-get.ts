/** Lambda entry for `GET /devices/{deviceId}/readings/{readingId}`. */
import { getRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = getRoute(app, "GET /devices/{deviceId}/readings/{readingId}");
