// `jwt-doctor/fetch`: the same checks for plain fetch handlers (Workers, Deno.serve, Bun.serve).
//
//   import { authenticate } from "jwt-doctor/fetch";
//   const auth = await authenticate(request, options);
//   if (!auth.ok) return auth.response;
//   return Response.json(auth.payload);
import { createGuard, runHook, toResponse } from "./middleware/core.js";
import { createMetrics, metricsResponse } from "./middleware/metrics.js";

/**
 * An authenticator for one configuration: `(request, ctx?) => Promise<result>` (see
 * `authenticate`), with its `metrics`. `verifierOrOptions` is a verifier from createVerifier(),
 * verify()'s options (middleware options may sit among them), or a function `(ctx) => options`
 * with ctx `{ request, ...ctx }`.
 */
export function createAuthenticator(verifierOrOptions, middlewareOptions = {}) {
  return authenticator(verifierOrOptions, middlewareOptions, true);
}

// `eager`: compile the options now, so a key that cannot be read throws at start-up
// (createAuthenticator); authenticate() answers 500 for it instead.
function authenticator(verifierOrOptions, middlewareOptions, eager) {
  const guard = createGuard(combine(verifierOrOptions, middlewareOptions), "authenticate", { eager });
  const run = async (request, extra) => {
    if (!(request instanceof Request)) throw new TypeError("authenticate(): request must be a Request");
    const ctx = { ...extra, request };
    const result = await guard.check({ header: (name) => request.headers.get(name) ?? undefined, ctx });
    if (result.ok) {
      const v = result.verified;
      return v ? { ok: true, payload: v.payload, header: v.header, key: v.key, findings: v.findings } : { ok: true, payload: undefined };
    }
    let custom = runHook(result, ctx);
    if (custom !== undefined) custom = await custom;
    return { ok: false, response: custom instanceof Response ? custom : toResponse(result.failure), error: result.error };
  };
  run.metrics = guard.metrics;
  return run;
}

const isVerifier = (v) => typeof v?.verify === "function" && typeof v === "object";

function combine(verifierOrOptions, middlewareOptions) {
  if (isVerifier(verifierOrOptions)) return { ...middlewareOptions, verifier: verifierOrOptions };
  if (typeof verifierOrOptions === "function") {
    // per result object: the same object in gives the same object out, so it compiles once
    const merged = new WeakMap();
    return async (ctx) => {
      const given = await verifierOrOptions(ctx);
      if (!given || typeof given !== "object") return given;
      let m = merged.get(given);
      if (!m) merged.set(given, (m = isVerifier(given) ? { ...middlewareOptions, verifier: given } : { ...given, ...middlewareOptions }));
      return m;
    };
  }
  return { ...verifierOrOptions, ...middlewareOptions };
}

// authenticate() keeps one authenticator per (verifierOrOptions, middlewareOptions) pair of
// objects, so a module-level configuration compiles once and its log sampling has a memory.
const authenticators = new WeakMap();
const NO_OPTIONS = {};

/**
 * Verifies the token of `request`. Resolves to `{ ok: true, payload, header, key, findings }`,
 * `{ ok: true, payload: undefined }` (no token and `credentialsRequired: false`), or
 * `{ ok: false, response, error }` with the RFC 6750 answer to return. Pass the same
 * `verifierOrOptions` (and `middlewareOptions`) object on every call: each distinct object is
 * compiled once.
 */
export async function authenticate(request, verifierOrOptions, middlewareOptions = NO_OPTIONS) {
  if (!verifierOrOptions || (typeof verifierOrOptions !== "object" && typeof verifierOrOptions !== "function")) {
    throw new TypeError("authenticate(): pass a verifier or verify options");
  }
  let byMiddleware = authenticators.get(verifierOrOptions);
  if (!byMiddleware) authenticators.set(verifierOrOptions, (byMiddleware = new WeakMap()));
  let run = byMiddleware.get(middlewareOptions);
  if (!run) byMiddleware.set(middlewareOptions, (run = authenticator(verifierOrOptions, middlewareOptions, false)));
  return run(request);
}

/** A Response with the Prometheus text of `metrics`. */
export { createMetrics, metricsResponse };
