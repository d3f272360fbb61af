// The `jwt-doctor/jwt_doctor_bg.wasm` subpath (this file replaces the raw declarations wasm-bindgen writes beside the binary): the WebAssembly binary, an asset. Imported in
// Workers (workerd, wrangler), it is a compiled module, which `init()` also accepts.
declare const wasm: WebAssembly.Module;
export default wasm;
