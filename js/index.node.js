// Node entry point: instantiates the WebAssembly module from the file beside it at import.
import { readFileSync } from "node:fs";
import { initSync } from "./jwt_doctor.js";
import { markReady, setNativeBackend } from "./runtime.js";
import * as nodeCrypto from "node:crypto";
import { nodeBackend } from "./native.js";

initSync({ module: readFileSync(new URL("./jwt_doctor_bg.wasm", import.meta.url)) });
markReady();
setNativeBackend(nodeBackend(nodeCrypto));

export * from "./api.js";
