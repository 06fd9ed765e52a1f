/** Lambda entry for `DELETE /devices/{deviceId}`. */
import { deleteRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = deleteRoute(app, "DELETE /devices/{deviceId}");
