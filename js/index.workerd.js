// Cloudflare Workers (workerd) entry point: the .wasm is imported as a compiled module, the way
// workerd and wrangler load WebAssembly.
import wasmModule from "./jwt_doctor_bg.wasm";
import { initSync } from "./jwt_doctor.js";
import { markReady, setNativeBackend } from "./runtime.js";
import { webBackend } from "./native.js";

initSync({ module: wasmModule });
markReady();
if (globalThis.crypto?.subtle) setNativeBackend(webBackend(globalThis.crypto.subtle));

export * from "./api.js";
