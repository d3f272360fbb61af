// Whether the WebAssembly module is instantiated, and how to get there. Each entry point
// (node, workerd, browser) registers its own way of instantiating; the API waits on it.

let ready = false;
let starter = null;
let starting = null;

/** Called by an entry point once the module is instantiated. */
export function markReady() {
  ready = true;
}

/** Called by the browser entry point: how `init()` instantiates the module. */
export function setStarter(fn) {
  starter = fn;
}

/** Whether the module is instantiated (the hot path checks this instead of awaiting). */
export function isReady() {
  return ready;
}

/** Instantiates the module once; later calls return the same promise. */
export function init(input) {
  if (ready) return Promise.resolve();
  if (!starting) {
    if (!starter) return Promise.reject(new Error("jwt-doctor: no way to load the WebAssembly module"));
    starting = Promise.resolve(starter(input)).then(() => markReady(), (e) => {
      starting = null;
      throw e;
    });
  }
  return starting;
}

/** Throws unless the module is ready (synchronous functions in the browser need `await init()`). */
export function requireReady(name) {
  if (!ready) throw new Error(`jwt-doctor: call \`await init()\` before ${name}() in this runtime`);
}

let backend = null;

/** Called by an entry point: the native signature backend of this runtime (or none). */
export function setNativeBackend(b) {
  backend = b;
}

/** The native signature backend, or null (then verify() uses WebAssembly for the signature). */
export function nativeBackend() {
  return backend;
}
