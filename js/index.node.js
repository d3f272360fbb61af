// Node entry point: instantiates the WebAssembly module from the file beside it at import.
import { readFileSync } from "node:fs";
import { initSync } from "./jwt_doctor.js";
import { markReady } from "./runtime.js";

initSync({ module: readFileSync(new URL("./jwt_doctor_bg.wasm", import.meta.url)) });
markReady();

export * from "./api.js";
