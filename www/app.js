// jwt-doctor debugger page: reads the form, runs inspect() live (debounced), draws the report,
// keeps the state in the URL fragment. The only network requests are this page's own files and
// the JWKS / issuer URL the user fetches by pressing a button.
import { describeKey, init, inspect } from "./pkg/index.browser.js";
import { ALGORITHMS, KEY_KIND_TEXT, buildOptions, classifyKey, parseNow } from "./options.js";
import { kidsOf } from "./pkg/jwks.js";
import {
  el, iso, nowSeconds, plural, renderChecks, renderFindings, renderSignature, renderTimes,
  renderToken, renderVerdict,
} from "./render.js";
import { renderTimeline } from "./timeline.js";
import {
  FORM_NAME, MAX_EXTRA, createVerifier, readValues, renderCompare, renumber, verifierName,
} from "./compare.js";
import { reportJson, reportMarkdown } from "./share.js";
import { loadExamples } from "./examples.js";
import { linkKeyFor, linkWarning } from "./linkkey.js";
import { fetchJwks, discoverJwks } from "./remote.js";
import { initFixes, showFixes } from "./fix.js";

const $ = (id) => document.getElementById(id);
const FIELDS = ["token", "keyKind", "key", "secretEncoding", "issuer", "audience", "subject", "typ", "now", "leeway", "maxTokenAge", "jwksUrl", "issuerUrl"];
const DEFAULTS = { keyKind: "auto", secretEncoding: "utf8" };
const DEBOUNCE_MS = 150;

let ready = false;
let timer = 0;
let lastHash = null;
let decodedFor = null; // the token the decoded view was filled from
let decodedEdited = false;
let shown = null; // the form's analysis on screen: { report, options, keyClass }, or null
// Whether the form's key goes into the link: the user's (or the opened link's) choice for a key,
// {on, key}, or null for the default, which is yes for a public key and no for a secret or a
// private key (the link is shared). Each compare verifier keeps its own (fs.linkChoice).
let linkChoice = null;
// The clock an example set, while the token is the example's: {token, now}, or null.
let exampleClock = null;

// --- form state ------------------------------------------------------------------------------
function algorithmBoxes() {
  return [...$("algorithms").querySelectorAll("input[type=checkbox]")];
}

function readForm() {
  const s = {};
  for (const f of FIELDS) s[f] = $(f).value;
  s.algorithms = algorithmBoxes().filter((b) => b.checked).map((b) => b.value);
  s.verifiers = [...$("compare-configs").children].map(readValues);
  return s;
}

function writeForm(s) {
  for (const f of FIELDS) $(f).value = s[f] ?? DEFAULTS[f] ?? "";
  const algs = new Set(s.algorithms ?? []);
  for (const b of algorithmBoxes()) b.checked = algs.has(b.value);
  linkChoice = s.linkKey === true ? { on: true, key: s.key ?? "" } : s.linkKey === false ? { on: false } : null;
  const host = $("compare-configs");
  host.replaceChildren();
  for (const v of s.verifiers ?? []) addVerifier(v, false);
}

// --- the URL fragment --------------------------------------------------------------------------
function toHash(s) {
  const p = new URLSearchParams();
  for (const f of FIELDS) {
    const v = s[f];
    if (!v || v === DEFAULTS[f]) continue;
    if (f === "key" && !s.linkKey) continue;
    p.set(f, v);
  }
  if (s.algorithms.length) p.set("algorithms", s.algorithms.join(","));
  if (!s.linkKey) p.set("linkKey", "0");
  s.verifiers.forEach((v, i) => {
    const { linkKey, ...copy } = v;
    if (!linkKey) delete copy.key;
    p.set(`v${i + 2}`, JSON.stringify(copy));
  });
  const text = p.toString();
  return text ? `#${text}` : "";
}

function fromHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = {};
  for (const f of FIELDS) if (p.has(f)) s[f] = p.get(f);
  s.algorithms = (p.get("algorithms") ?? "").split(",").filter((a) => ALGORITHMS.includes(a));
  // a link that carries the key was made with the box ticked
  s.linkKey = p.has("linkKey") ? p.get("linkKey") !== "0" : p.has("key") ? true : null;
  s.verifiers = [];
  for (let i = 2; i <= MAX_EXTRA + 1; i++) {
    if (!p.has(`v${i}`)) continue;
    try {
      const v = JSON.parse(p.get(`v${i}`));
      if (!v || typeof v !== "object" || Array.isArray(v)) continue;
      // a verifier's key is in a link only when its box was ticked for that key
      if (typeof v.key === "string" && v.key) v.linkChoice = { on: true, key: v.key };
      else delete v.linkChoice;
      s.verifiers.push(v);
    } catch { /* a broken link part: ignore it */ }
  }
  return s;
}

function saveHash(s) {
  const hash = toHash(s);
  if (hash === lastHash) return;
  lastHash = hash;
  // replaceState: no navigation, no request, no history entry per keystroke
  history.replaceState(null, "", hash || location.pathname + location.search);
}

// --- analysis ----------------------------------------------------------------------------------
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(analyse, DEBOUNCE_MS);
}

const BEARER = /^(authorization:\s*)?bearer +/i;

function show(id, on) {
  $(id).hidden = !on;
}

// The key set last fetched through an issuer's discovery document, while the key box holds it.
let discovered = null;

function runInspect(token, config) {
  const { options, problems, keyClass } = buildOptions(config);
  if (discovered && options.jwks === discovered.text) options.jwks = discovered.jwks;
  try {
    return { report: inspect(token, options), problems, keyClass, options };
  } catch (e) {
    return { report: null, problems: [...problems, e instanceof TypeError ? e.message : `unexpected error: ${e?.message ?? e}`], keyClass, options };
  }
}

function analyse() {
  clearTimeout(timer);
  if (!ready) return;
  const s = readForm();
  resetExampleClock(s);
  updateKeyHint(s);
  updateLinkKey(s);
  updateVerifierLinks(s);
  saveHash(s);
  updateNowHint(s);
  // Surrounding blank lines and spaces are an artefact of pasting into a text box; anything
  // inside the token is analysed exactly as pasted.
  const token = s.token.trim();
  const sections = ["token-section", "sig-section", "checks-section", "findings-section", "share-section", "timeline-section", "decoded-section"];
  shown = null;
  $("share-manual").hidden = true;
  if (!token) {
    renderVerdict($("verdict"), null);
    sections.forEach((id) => show(id, false));
    renderCompare($("compare-table"), []);
    return;
  }
  const main = runInspect(token, s);
  const report = main.report;
  if (report) shown = main;
  renderVerdict($("verdict"), report, main.problems);
  sections.forEach((id) => show(id, !!report));
  if (report) {
    const prefix = BEARER.exec(token)?.[0].length ?? 0;
    renderToken($("token-view"), $("token-meta"), token, prefix, report);
    renderSignature($("sig-view"), report, main.keyClass);
    renderChecks($("checklist"), report);
    renderFindings($("findings"), report);
    showFixes($("findings"), $("fixStack"), report, { options: main.options, jwksUrl: s.jwksUrl.trim() || undefined });
    renderDecoded(token, report);
    const p = report.payload ?? {};
    const drew = renderTimeline($("timeline"), {
      now: nowSeconds(report), iat: p.iat, nbf: p.nbf, exp: p.exp, leeway: main.options.leeway ?? 0,
    });
    show("timeline-section", drew);
  }
  // compare view
  const extras = s.verifiers;
  if (extras.length) {
    const columns = [{ name: FORM_NAME, report, error: main.problems[0] }];
    extras.forEach((v, i) => {
      const cfg = { ...v, now: s.now };
      const r = runInspect(token, cfg);
      columns.push({ name: verifierName(v, i), report: r.report, error: r.problems[0] });
    });
    renderCompare($("compare-table"), columns);
  } else renderCompare($("compare-table"), []);
}

function renderDecoded(token, report) {
  renderTimes($("times-view"), report);
  if (decodedFor === token && decodedEdited) return;
  decodedFor = token;
  decodedEdited = false;
  $("header-json").value = report.header ? JSON.stringify(report.header, null, 2) : "(the header cannot be decoded)";
  $("payload-json").value = report.payload ? JSON.stringify(report.payload, null, 2) : "(the payload cannot be decoded)";
  $("copyHeader").disabled = !report.header;
  $("copyPayload").disabled = !report.payload;
  $("decoded-status").value = "";
}

function onDecodedEdit() {
  decodedEdited = true;
  $("decoded-status").value = "Edited copy: nothing is re-signed, and the verdict above is still for the token exactly as pasted.";
}

// What the key is, in the core's words (describeKey: the same reading verify() makes), after
// how the form routes it (a JWK Set, a key, a secret).
function updateKeyHint(s) {
  const kind = classifyKey(s.key, s.keyKind);
  let text = KEY_KIND_TEXT[kind];
  if (kind === "secret") text += ` (${s.secretEncoding})`;
  if (kind !== "none" && kind !== "url") {
    try {
      const d = describeKey(kind === "secret" ? s.key : s.key.trim(), { secretEncoding: s.secretEncoding });
      text += d.kind === "invalid" ? `, but it cannot be read: ${d.what}` : `: ${d.what}`;
    } catch (e) {
      text += `: ${e.message}`;
    }
  }
  $("key-detected").value = text;
  $("secretEncoding").disabled = kind !== "secret";
}

// Whether a key field holds secret material, by the core's reading of it (an unreadable key
// counts as secret: it may be a private key pasted by mistake).
function keySensitive({ key = "", keyKind = "auto", secretEncoding = "utf8" }) {
  if (!key.trim()) return false;
  if (keyKind === "secret") return true;
  try {
    return describeKey(key, { secretEncoding }).sensitive;
  } catch {
    return true;
  }
}

// The "include the key in the link" box: ticked by default for a public key only; a secret or
// private key goes into the link only when the user ticks it for that key, with a warning
// beside the box (linkkey.js).
function updateLinkKey(s) {
  const sensitive = keySensitive(s);
  s.linkKey = linkKeyFor(s.key, sensitive, linkChoice);
  $("linkKey").checked = s.linkKey;
  const warning = $("link-warning");
  warning.hidden = !sensitive;
  warning.value = linkWarning(sensitive, s.linkKey);
}

// The same for each compare verifier, on its own key and its own box.
function updateVerifierLinks(s) {
  [...$("compare-configs").children].forEach((fs, i) => {
    const v = s.verifiers[i];
    const sensitive = keySensitive(v);
    v.linkKey = linkKeyFor(v.key ?? "", sensitive, fs.linkChoice);
    fs.querySelector('[data-link="box"]').checked = v.linkKey;
    const warning = fs.querySelector('[data-link="warning"]');
    warning.hidden = !sensitive;
    warning.value = linkWarning(sensitive, v.linkKey);
  });
}

// An example fixes "now" for its own token; a token the user pastes or edits over it is judged
// at this computer's time again (the example's clock would be days off), and the page says so.
function resetExampleClock(s) {
  if (!exampleClock || s.token === exampleClock.token) return;
  const clock = exampleClock;
  exampleClock = null;
  if (s.now !== clock.now) return; // the user set a clock of their own
  s.now = "";
  $("now").value = "";
  $("example-desc").value = `The token changed: the example's clock (${clock.now}) was reset; the token is judged at this computer's time.`;
}

function updateNowHint(s) {
  const n = parseNow(s.now);
  $("now-shown").value = n === undefined ? "empty: the clock of this computer"
    : n === null ? "not understood: use epoch seconds or 2026-11-20T09:00:00Z"
      : `${iso(n)} (${n} s)`;
}

// --- compare configs ---------------------------------------------------------------------------
function addVerifier(values = {}, focus = true) {
  const host = $("compare-configs");
  if (host.children.length >= MAX_EXTRA) return;
  const fs = createVerifier(values, {
    onInput: () => {
      renumber(host); // a name typed shows in the legend
      schedule();
    },
    onRemove: (node) => {
      node.remove();
      renumber(host);
      updateAddButton();
      $("addVerifier").focus();
      analyse();
    },
    copyFrom: () => {
      const s = readForm();
      return { ...s, algorithms: s.algorithms.join(" ") };
    },
  });
  host.append(fs);
  renumber(host);
  updateAddButton();
  if (focus) fs.querySelector("select, input, textarea").focus();
}

function updateAddButton() {
  const full = $("compare-configs").children.length >= MAX_EXTRA;
  $("addVerifier").disabled = full;
  $("addVerifier").textContent = full ? "Three verifiers at most" : "Add a verifier";
}

// --- examples, remote sets, link ----------------------------------------------------------------
function applyExample(ex) {
  const st = ex.state;
  writeForm({
    ...Object.fromEntries(FIELDS.map((f) => [f, st[f] === undefined ? undefined : String(st[f])])),
    algorithms: st.algorithms ?? [],
    linkKey: null,
    verifiers: [...$("compare-configs").children].map((fs) => ({ ...readValues(fs), linkChoice: fs.linkChoice })),
  });
  exampleClock = st.now === undefined ? null : { token: $("token").value, now: $("now").value };
  decodedEdited = false;
  $("example-desc").value = `Loaded “${ex.label}”: ${ex.description}`;
  analyse(); // focus stays on the button: the verdict is a live region
}

async function onFetch(kind) {
  const status = $("fetch-status");
  const url = (kind === "jwks" ? $("jwksUrl") : $("issuerUrl")).value.trim();
  if (!url) {
    status.value = kind === "jwks" ? "type a JWKS URL first" : "type an issuer URL first";
    return;
  }
  status.value = `fetching ${url} …`;
  try {
    const { jwks, from } = kind === "jwks" ? await fetchJwks(url) : await discoverJwks(url);
    $("keyKind").value = "jwks";
    $("key").value = JSON.stringify(jwks, null, 2);
    discovered = kind === "issuer" ? { text: $("key").value, jwks } : null;
    if (kind === "issuer" && !$("issuer").value) $("issuer").value = url;
    status.value = `fetched ${plural(kidsOf(jwks).length, "key")} from ${from}`;
    analyse();
  } catch (e) {
    status.replaceChildren(`could not fetch: ${e.message}`);
    if (e.cli) status.append(" The CLI has no such limit: ", el("code", { text: e.cli }));
  }
}

/**
 * Puts `text` on the clipboard and says in `status` that it did, or `failed` when the browser
 * refused; resolves to whether it worked.
 */
async function copyText(text, status, done, failed) {
  try {
    await navigator.clipboard.writeText(text);
    status.value = done;
    return true;
  } catch {
    status.value = `the browser did not allow copying: ${failed}`;
    return false;
  }
}

function copyLink() {
  analyse();
  copyText(location.href, $("copy-status"), "link copied", "copy the address bar, it holds the link");
}

async function copyReport(kind) {
  analyse();
  if (!shown) return;
  const text = kind === "json" ? reportJson(shown.report) : reportMarkdown(shown.report, shown);
  const name = kind === "json" ? "JSON" : "Markdown";
  const copied = await copyText(text, $("share-status"), `report copied as ${name}: no token, key or secret in it`,
    `the report as ${name} is in the box below, selected`);
  // Without the clipboard, the text to copy by hand.
  $("share-manual").hidden = copied;
  if (!copied) {
    $("share-text").value = text;
    $("share-text").select();
  }
}

function copyDecoded(part) {
  analyse();
  const value = shown?.report[part];
  if (!value) return;
  const note = decodedEdited ? " (as decoded from the token, not the edited copy)" : "";
  copyText(JSON.stringify(value, null, 2), $("decoded-status"), `${part} copied as JSON${note}`, `select the ${part} above`);
}

// --- start ---------------------------------------------------------------------------------------
function buildAlgorithmBoxes() {
  const host = $("algorithms");
  for (const a of ALGORITHMS) {
    host.append(el("label", { class: "check" }, el("input", { type: "checkbox", value: a, name: "algorithms" }), ` ${a}`));
  }
}

async function main() {
  buildAlgorithmBoxes();
  initFixes($("fixStack"), analyse);
  const form = $("config");
  form.addEventListener("input", (e) => {
    if (e.target.id === "header-json" || e.target.id === "payload-json") return;
    schedule();
  });
  form.addEventListener("change", schedule);
  $("linkKey").addEventListener("change", (e) => {
    linkChoice = { on: e.target.checked, key: $("key").value };
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  $("header-json").addEventListener("input", onDecodedEdit);
  $("payload-json").addEventListener("input", onDecodedEdit);
  $("addVerifier").addEventListener("click", () => {
    addVerifier({}, true);
    analyse();
  });
  $("fetchJwks").addEventListener("click", () => onFetch("jwks"));
  $("discover").addEventListener("click", () => onFetch("issuer"));
  $("copyLink").addEventListener("click", copyLink);
  $("copyMarkdown").addEventListener("click", () => copyReport("markdown"));
  $("copyJson").addEventListener("click", () => copyReport("json"));
  $("copyHeader").addEventListener("click", () => copyDecoded("header"));
  $("copyPayload").addEventListener("click", () => copyDecoded("payload"));
  let lastWidth = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth !== lastWidth) {
      lastWidth = window.innerWidth;
      schedule(); // redraw the timeline at its new width
    }
  });
  // The skip link must not replace the state in the fragment: move focus instead.
  document.querySelector("a.skip").addEventListener("click", (e) => {
    e.preventDefault();
    $("results").focus();
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === lastHash || !location.hash.includes("=")) return;
    exampleClock = null;
    writeForm(fromHash(location.hash));
    analyse();
  });

  writeForm(fromHash(location.hash));
  if (location.hash) lastHash = location.hash;
  updateAddButton();
  renderVerdict($("verdict"), null, []);
  $("verdict").querySelector(".verdict-title").textContent = "Loading the WebAssembly module…";

  loadExamples($("example-list"), applyExample).catch((e) => {
    $("example-list").append(el("li", { text: `examples unavailable: ${e.message}` }));
  });
  try {
    await init();
  } catch (e) {
    renderVerdict($("verdict"), null, [`the WebAssembly module did not load: ${e.message}`]);
    return;
  }
  ready = true;
  document.documentElement.dataset.ready = "true";
  analyse();
}

main();
