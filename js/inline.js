// Inline entry point (jwt-doctor/inline, and the package root for Bun and Deno): the module's bytes are inside the JavaScript (jwt_doctor_inline.js, written
// by the build), so nothing is read from disk at import. For Bun and Deno (their export
// conditions: `bun build --compile` binaries, Deno without --allow-read) and for bundles of Node
// code that leave the .wasm file behind (esbuild --platform=node, ncc, Lambda):
// `import … from "jwt-doctor/inline"`, or bundle with the `inline` condition.
import { Buffer } from "node:buffer";
import * as nodeCrypto from "node:crypto";
import { initSync } from "./jwt_doctor.js";
import { setRehearseLoader } from "./rehearse.js";
import { WASM_BASE64 } from "./jwt_doctor_inline.js";
import { markReady } from "./runtime.js";
import { useNodeCrypto } from "./node-setup.js";

initSync({ module: Buffer.from(WASM_BASE64, "base64") });
setRehearseLoader(() => import("./rehearse-load.inline.js"));
markReady();
useNodeCrypto(nodeCrypto);

export * from "./api.js";
