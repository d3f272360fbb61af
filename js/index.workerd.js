// Cloudflare Workers (workerd) entry point: the .wasm is imported as a compiled module, the way
// workerd and wrangler load WebAssembly.
import wasmModule from "./jwt_doctor_bg.wasm";
import { initSync } from "./jwt_doctor.js";
import { markReady } from "./runtime.js";

initSync({ module: wasmModule });
markReady();

export * from "./api.js";
