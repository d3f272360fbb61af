// rehearse(plan): a key rotation or a key-set outage rehearsed by the core's cache model. Every
// decision (the model, the profiles, the verdict) is the core's; this file only crosses over.
// The rehearsal is its own WebAssembly module (crates/rehearse), loaded on the first call by
// the loader the runtime's entry point installs (Node, Deno and Bun read the file, a browser
// fetches it, the inline entry carries it as base64), so the verifying module every Worker
// downloads carries none of it. The workerd entry installs none: a Worker bundle does not carry
// the rehearsal, a planning tool.

let loader = null;
let loading = null;

/** Called by an entry point: how the rehearsal's module is loaded in this runtime. */
export function setRehearseLoader(fn) {
  loader = fn;
}

/**
 * Rehearses a rotation plan (publish / switch / retire, or keys and steps) or an outage plan
 * against named verifier profiles or custom cache settings: the windows in which valid tokens
 * are rejected at each verifier, the earliest safe switch and retire times, the hazards and a
 * verdict. Times are seconds since the plan's start. Rejects with a TypeError for a plan it
 * cannot read, with the field named.
 * @param {object|string} plan
 */
export async function rehearse(plan) {
  if (!loader) {
    throw new Error("jwt-doctor: rehearse() runs in Node, Deno, Bun and browsers (and `jwt-doctor rehearse`); a Worker bundle does not carry the rehearsal's module");
  }
  loading ??= loader().then((m) => m.loadRehearse()).catch((e) => {
    loading = null;
    throw e;
  });
  return (await loading).rehearse(plan);
}
