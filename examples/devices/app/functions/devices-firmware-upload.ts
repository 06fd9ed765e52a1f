/** Lambda entry for `POST /devices/{deviceId}/firmware`. */
import { uploadRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = uploadRoute(app, "POST /devices/{deviceId}/firmware");
