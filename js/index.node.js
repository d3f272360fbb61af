// Node entry point: instantiates the WebAssembly module from the file beside it at import.
import { readFileSync } from "node:fs";
import * as nodeCrypto from "node:crypto";
import { initSync } from "./jwt_doctor.js";
import { setRehearseLoader } from "./rehearse.js";
import { markReady } from "./runtime.js";
import { useNodeCrypto } from "./node-setup.js";

initSync({ module: readFileSync(new URL("./jwt_doctor_bg.wasm", import.meta.url)) });
setRehearseLoader(() => import("./rehearse-load.node.js"));
markReady();
useNodeCrypto(nodeCrypto);

export * from "./api.js";
