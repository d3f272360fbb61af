// Reading metrics for `jwt-doctor fleet`: the Prometheus text exposition format (version 0.0.4,
// and OpenMetrics' `# EOF`) of one instance's metrics endpoint, and the answer of a Prometheus
// server's HTTP API (`/api/v1/query`). Every byte is hostile: the text is capped in size, lines
// and series, label values are capped in length, and anything that is not the format is refused
// with the line it failed at.

/** Largest metrics body read from one instance or one Prometheus answer, in bytes. */
export const MAX_METRICS_BYTES = 8 * 1024 * 1024;
/** Most samples kept from one source (only jwt-doctor's series are kept). */
export const MAX_SAMPLES = 100_000;
/** Longest label value kept; a longer one is cut and marked. */
export const MAX_LABEL_CHARS = 512;

/** What jwt-doctor exports: the series `fleet` reads (others are skipped). */
export const isOurs = (name) => name.startsWith("jwt_doctor_") || name.startsWith("jwt_validation_");

/** The text is not Prometheus exposition format: `line` says where. */
export class MetricsFormatError extends Error {
  constructor(message, line) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = "MetricsFormatError";
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function clipValue(v) {
  return v.length > MAX_LABEL_CHARS ? `${v.slice(0, MAX_LABEL_CHARS)}…` : v;
}

function number(text, line) {
  if (text === "NaN") return NaN;
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new MetricsFormatError(`${JSON.stringify(text.slice(0, 40))} is not a sample value`, line);
  return Number(text);
}

// The `{a="x",b="y"}` at `s[i]`, returned with the index after it.
function labels(s, i, line) {
  const out = {};
  i++; // "{"
  for (;;) {
    while (s[i] === " ") i++;
    if (s[i] === "}") return [out, i + 1];
    const m = LABEL.exec(s.slice(i, i + 200));
    if (!m) throw new MetricsFormatError("a label name was expected", line);
    const name = m[0];
    i += name.length;
    while (s[i] === " ") i++;
    if (s[i] !== "=" || s[i + 1] !== '"') throw new MetricsFormatError(`label ${name} has no quoted value`, line);
    i += 2;
    let value = "";
    for (;;) {
      if (i >= s.length) throw new MetricsFormatError(`the value of label ${name} is not closed`, line);
      const c = s[i];
      if (c === '"') break;
      if (c === "\\") {
        const e = s[i + 1];
        value += e === "n" ? "\n" : e === "\\" ? "\\" : e === '"' ? '"' : `\\${e ?? ""}`;
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    if (Object.hasOwn(out, name)) throw new MetricsFormatError(`label ${name} is repeated`, line);
    out[name] = clipValue(value);
    while (s[i] === " ") i++;
    if (s[i] === ",") i++;
    else if (s[i] !== "}") throw new MetricsFormatError(`"," or "}" was expected after label ${name}`, line);
  }
}

/**
 * Parses Prometheus text exposition format into the samples of jwt-doctor's own series.
 * @param {string} text
 * @returns {{ name: string, labels: Record<string,string>, value: number }[]}
 * @throws {MetricsFormatError} naming the first line that is not the format
 */
export function parsePrometheusText(text) {
  if (text.length > MAX_METRICS_BYTES) throw new MetricsFormatError(`the metrics are larger than ${MAX_METRICS_BYTES} bytes`);
  if (/^\s*</.test(text)) throw new MetricsFormatError("this is HTML (or XML), not Prometheus metrics: is the URL the metrics endpoint?");
  if (/^\s*[{[]/.test(text)) throw new MetricsFormatError("this is JSON, not Prometheus text: for a Prometheus server use --prometheus URL");
  const samples = [];
  let lineNo = 0;
  let seen = 0;
  for (const raw of text.split("\n")) {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "" || line.startsWith("#")) continue;
    const m = NAME.exec(line);
    if (!m) throw new MetricsFormatError(`${JSON.stringify(line.slice(0, 40))} is not a metric line`, lineNo);
    const name = m[0];
    let i = name.length;
    let l = {};
    if (line[i] === "{") [l, i] = labels(line, i, lineNo);
    // value [timestamp], and an OpenMetrics exemplar after " # "
    const rest = line.slice(i).split(" # ")[0].trim().split(/\s+/);
    if (rest.length < 1 || rest.length > 2 || rest[0] === "") throw new MetricsFormatError(`metric ${name} has no value`, lineNo);
    const value = number(rest[0], lineNo);
    if (rest.length === 2 && !/^-?\d+(\.\d+)?$/.test(rest[1])) throw new MetricsFormatError(`metric ${name} has a bad timestamp`, lineNo);
    if (++seen > MAX_SAMPLES * 10) throw new MetricsFormatError(`more than ${MAX_SAMPLES * 10} samples`);
    if (!isOurs(name)) continue;
    if (samples.length >= MAX_SAMPLES) throw new MetricsFormatError(`more than ${MAX_SAMPLES} jwt-doctor samples`);
    samples.push({ name, labels: l, value });
  }
  return samples;
}

/**
 * The samples of a Prometheus HTTP API instant-query answer, grouped by their `instance` label.
 * @param {unknown} body the parsed JSON of `/api/v1/query`
 * @returns {Map<string, { name: string, labels: Record<string,string>, value: number }[]>}
 * @throws {MetricsFormatError} for an answer that is not a successful vector query
 */
export function samplesFromQuery(body) {
  if (body === null || typeof body !== "object") throw new MetricsFormatError("the answer is not a Prometheus API response");
  if (body.status !== "success") {
    throw new MetricsFormatError(`Prometheus answered ${JSON.stringify(String(body.status ?? "nothing")).slice(0, 40)}: ${String(body.error ?? "").slice(0, 200)}`);
  }
  const result = body.data?.result;
  if (body.data?.resultType !== "vector" || !Array.isArray(result)) throw new MetricsFormatError("the answer is not an instant vector");
  if (result.length > MAX_SAMPLES) throw new MetricsFormatError(`more than ${MAX_SAMPLES} series`);
  const byInstance = new Map();
  for (const r of result) {
    const metric = r?.metric;
    if (metric === null || typeof metric !== "object" || !Array.isArray(r.value) || r.value.length !== 2) {
      throw new MetricsFormatError("a series of the answer has no metric or value");
    }
    const l = {};
    for (const [k, v] of Object.entries(metric)) if (typeof v === "string") l[k] = clipValue(v);
    const name = l.__name__;
    if (typeof name !== "string" || !isOurs(name)) continue;
    delete l.__name__;
    const instance = l.instance ?? "(no instance label)";
    delete l.instance;
    delete l.job;
    const value = number(String(r.value[1]));
    if (!byInstance.has(instance)) byInstance.set(instance, []);
    byInstance.get(instance).push({ name, labels: l, value });
  }
  return byInstance;
}

/** The PromQL selector of every jwt-doctor series. */
export const QUERY = '{__name__=~"jwt_doctor_.+|jwt_validation_.+"}';
