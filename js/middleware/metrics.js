// Counters of the middleware: validations by outcome, cause and configured issuer, and
// diagnoses left out of the logs by sampling; and the state of the verifiers it serves (their
// configuration's fingerprint, key sets, clock offsets: state-metrics.js). Read as Prometheus
// text, and mirrored to OpenTelemetry when `@opentelemetry/api` is installed (an optional peer:
// never required), which also gets the outcome, cause, kid and issuer on the active span.

import { MAX_VERIFIERS, observeWithOtel, stateLines } from "./state-metrics.js";

// The specifier is held in a variable so bundlers (wrangler, vite) leave the import to run time
// instead of failing the build where the peer is not installed. Looked for on the first count,
// not at import: workerd allows no I/O in a module's global scope.
const OTEL_API = "@opentelemetry/api";
let otelApi = null;
let otelLoading = null;
// Counts made while the import is pending, added once it settles (bounded).
const pending = [];
const MAX_PENDING = 1024;

function loadOtel() {
  otelLoading ??= import(/* @vite-ignore */ OTEL_API).then(
    (api) => {
      otelApi = api.metrics ? api : (api.default ?? null);
      for (const attributes of pending.splice(0)) addToOtel(attributes);
    },
    () => void pending.splice(0), // not installed: Prometheus text only
  );
  return otelLoading;
}

function addToOtel(attributes) {
  try {
    otelCounter()?.add(1, attributes);
  } catch {
    // a broken exporter must not fail the request
  }
}

function countOtel(attributes) {
  if (otelApi) addToOtel(attributes);
  else if (pending.length < MAX_PENDING) {
    pending.push(attributes);
    loadOtel();
  }
}

const PROVIDERS = new WeakMap();

// Every verifier any metrics object serves, for the OpenTelemetry observers (bounded).
const observed = new Set();

// The counter of the global MeterProvider registered now. @opentelemetry/api has no proxy for
// meters (unlike tracers): a counter taken before the application registers its provider would
// stay a no-op, so the counter is looked up again whenever the global provider changes. The
// state observers are registered on the same meter, once.
function otelCounter() {
  const provider = otelApi?.metrics?.getMeterProvider();
  if (!provider) return null;
  let counter = PROVIDERS.get(provider);
  if (counter === undefined) {
    const meter = provider.getMeter("jwt-doctor");
    counter = meter.createCounter("jwt.validation", {
      description: "JWT validations by outcome (accepted, rejected, error), cause (finding code) and configured issuer",
    });
    PROVIDERS.set(provider, counter);
    try {
      observeWithOtel(meter, () => observed);
    } catch {
      // an SDK without observable instruments: the counter alone
    }
  }
  return counter;
}

/**
 * Sets the validation's outcome, cause, kid and issuer on the active OpenTelemetry span, when
 * `@opentelemetry/api` is installed and a span is active (a no-op otherwise).
 */
export function annotateSpan(attributes) {
  if (!otelApi) return;
  try {
    otelApi.trace?.getActiveSpan?.()?.setAttributes(attributes);
  } catch {
    // tracing must never change the answer
  }
}

// Prometheus label values: backslash, double quote and line feed escaped (exposition format).
const label = (v) => String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function counterLines(name, help, counts, labelsOf) {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const [key, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const labels = Object.entries(labelsOf(key)).map(([k, v]) => `${k}="${label(v)}"`).join(",");
    lines.push(`${name}{${labels}} ${n}`);
  }
  return lines;
}

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

// The key of a validation count: outcome, cause, issuer (NUL cannot occur in label values we keep).
const vkey = (outcome, cause, issuer) => `${outcome}\0${cause ?? ""}\0${issuer ?? ""}`;
const vlabels = (key) => {
  const [outcome, cause, issuer] = key.split("\0");
  return { outcome, ...(cause ? { cause } : {}), ...(issuer ? { issuer } : {}) };
};

/**
 * Counters one or more middleware share: `jwt_validation_total` by outcome ("accepted",
 * "rejected" for a bad or missing token, "error" for a verifier that cannot work) and cause (the
 * finding code; none for accepted), and `jwt_diagnosis_sampled_out_total` by cause.
 * @param {{ otel?: boolean }} [options] `otel: false` keeps the counts out of OpenTelemetry
 */
export function createMetrics({ otel = true } = {}) {
  const validations = new Map(); // vkey(outcome, cause, issuer) -> n
  const verifiers = new Map(); // fingerprint -> verifier (with state())
  const sampledOut = new Map(); // cause -> n
  const logSuppressed = new Map(); // cause -> n
  let stale = 0;
  return Object.freeze({
    /**
     * Counts one validation. `issuer`: the configured issuer it was checked against (never a
     * value only a token brings, so the label's values are bounded by the configuration).
     */
    record(outcome, cause, issuer) {
      bump(validations, vkey(outcome, cause, issuer));
      if (otel) countOtel(vlabels(vkey(outcome, cause, issuer)));
    },
    /**
     * Reports a verifier's state (from `createVerifier()`: its configuration fingerprint, key
     * sets and the clock offsets) with these metrics; the same configuration counts once.
     */
    register(verifier) {
      if (typeof verifier?.state !== "function") return;
      let id;
      try {
        id = verifier.state().fingerprint;
      } catch {
        return;
      }
      if (verifiers.has(id) || verifiers.size >= MAX_VERIFIERS) return;
      verifiers.set(id, verifier);
      if (observed.size < MAX_VERIFIERS) observed.add(verifier);
      if (otel) loadOtel();
    },
    /** The state of the verifiers these metrics serve (see `createVerifier().state()`). */
    state() {
      return [...verifiers.values()].map((v) => v.state());
    },
    /** Counts a full diagnosis that sampling kept out of the log. */
    sampledOut(cause) {
      bump(sampledOut, cause);
    },
    /** Counts a rejection log line left out by the rate limit (`logLimit`). */
    logSuppressed(cause) {
      bump(logSuppressed, cause);
    },
    /** Counts a token accepted with a key set that could not be refreshed (served stale). */
    staleServed() {
      stale++;
    },
    /**
     * The counts as plain data: `{ accepted, rejected: { cause: n }, errors: { cause: n },
     * sampledOut: { cause: n }, logSuppressed: { cause: n }, staleServed }`.
     */
    snapshot() {
      const out = {
        accepted: 0, rejected: {}, errors: {}, sampledOut: Object.fromEntries(sampledOut),
        logSuppressed: Object.fromEntries(logSuppressed), staleServed: stale,
      };
      for (const [key, n] of validations) {
        const { outcome, cause } = vlabels(key);
        if (outcome === "accepted") out.accepted += n;
        else {
          const into = outcome === "rejected" ? out.rejected : out.errors;
          into[cause] = (into[cause] ?? 0) + n;
        }
      }
      return out;
    },
    /** Prometheus text exposition format (version 0.0.4). */
    prometheus() {
      const lines = [
        ...counterLines("jwt_validation_total", "JWT validations by outcome, cause and configured issuer.", validations, vlabels),
        ...counterLines("jwt_diagnosis_sampled_out_total", "Full diagnoses of rejected tokens left out of the log by sampling.",
          sampledOut, (cause) => ({ cause })),
        ...counterLines("jwt_log_suppressed_total", "Rejection log lines left out by the rate limit (logLimit).",
          logSuppressed, (cause) => ({ cause })),
        "# HELP jwt_jwks_stale_total Tokens accepted with a remote key set that could not be refreshed (the last good copy).",
        "# TYPE jwt_jwks_stale_total counter",
        `jwt_jwks_stale_total ${stale}`,
        ...stateLines(verifiers.values()),
      ];
      return `${lines.join("\n")}\n`;
    },
  });
}

/** The content type of `metrics.prometheus()`. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** A `Response` with the Prometheus text of `metrics` (fetch handlers, Hono routes). */
export function metricsResponse(metrics) {
  return new Response(metrics.prometheus(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE } });
}
