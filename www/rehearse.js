// The Rehearse view: a key rotation or a key-set outage rehearsed by the core (rehearse()),
// drawn as one lane per verifier on a shared time axis (inline SVG built from the result), with
// the verdict and the hazards in words. Times in the form are minutes from the start.
import { init, rehearse } from "./pkg/index.browser.js";

const NS = "http://www.w3.org/2000/svg";
const PROFILES = ["jwt-doctor", "jose", "jwks-rsa", "pyjwt", "spring", "microsoft", "envoy"];
const LANE = 26;
const TOP = 48;
const PAD = 100;

const $ = (id) => document.getElementById(id);

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Seconds in words: "45 s", "10 min", "1 h 10 min". */
export function words(s) {
  if (s === null || s === undefined) return "never";
  s = Math.round(s);
  if (s >= 3600) return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.round((s % 3600) / 60)} min` : ""}`;
  if (s >= 60) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${s} s`;
}

/** The plan from the form's values (minutes; empty fields left out). */
export function planFrom(form) {
  const minutes = (name) => {
    const v = form.elements[name].value.trim();
    return v === "" ? undefined : Number(v) * 60;
  };
  const plan = { verifiers: PROFILES.filter((p) => form.elements[`rv-${p}`].checked) };
  for (const name of ["publish", "switch", "retire", "lifetime", "leeway"]) {
    const v = minutes(name);
    if (v !== undefined) plan[name] = v;
  }
  const from = minutes("outageFrom"), to = minutes("outageTo");
  if (from !== undefined || to !== undefined) plan.outage = { from, to };
  return plan;
}

/** Draws the result: events as vertical lines, each verifier's rejection windows on its lane. */
export function drawTimeline(host, r) {
  host.replaceChildren();
  const W = Math.round(Math.min(900, Math.max(320, host.clientWidth || 760)));
  const H = TOP + r.verifiers.length * LANE + 24;
  // The axis ends a little after the last thing that happens (a step, a window, the outage), not
  // at the horizon, which a 12-hour cache would stretch.
  const ends = [...r.steps.map((st) => st.at), ...r.verifiers.flatMap((v) => v.windows.map((w) => w.to)), r.outage?.to ?? 0];
  const end = Math.min(r.horizon, Math.max(60, ...ends) * 1.1);
  const x = (t) => PAD + (Math.min(t, end) / end) * (W - PAD - 12);
  const s = svg("svg", { class: "timeline rehearse-timeline", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "rehearse-svg-title" });
  s.append(svg("title", { id: "rehearse-svg-title" }, `Rehearsal over ${words(r.horizon)}: ${r.verdict}`));
  if (r.outage) {
    s.append(svg("rect", { x: x(r.outage.from), y: TOP - 6, width: Math.max(1, x(r.outage.to) - x(r.outage.from)), height: H - TOP - 12, class: "rh-outage" }));
  }
  r.verifiers.forEach((v, i) => {
    const y = TOP + i * LANE;
    s.append(svg("text", { x: 4, y: y + 14, class: "rh-name" }, v.name));
    s.append(svg("line", { x1: PAD, x2: W - 12, y1: y + 10, y2: y + 10, class: "rh-lane" }));
    for (const w of v.windows) {
      const rect = svg("rect", { x: x(w.from), y: y + 2, width: Math.max(2, x(w.to) - x(w.from)), height: 16, class: `rh-window rh-${w.cause}` });
      rect.append(svg("title", {}, `${v.name}: ${w.key} tokens rejected for ${words(w.to - w.from)} from +${words(w.from)} (${w.cause})`));
      s.append(rect);
    }
  });
  r.steps.forEach((st, i) => {
    const X = x(st.at);
    const y = 12 + (i % 3) * 12; // three rows of labels, so that close steps stay legible
    s.append(svg("line", { x1: X, x2: X, y1: y + 2, y2: H - 18, class: `rh-step rh-${st.action}` }));
    s.append(svg("text", { x: X + 2, y, class: "rh-label" }, `${st.action} ${st.key}`));
  });
  s.append(svg("text", { x: PAD, y: H - 4, class: "rh-label" }, "0"));
  s.append(svg("text", { x: W - 12, y: H - 4, "text-anchor": "end", class: "rh-label" }, `+${words(end)}`));
  host.append(s);
}

function show(r) {
  const out = $("rehearse-verdict");
  out.value = r.verdict;
  out.className = r.safe ? "rh-safe" : "rh-unsafe";
  drawTimeline($("rehearse-timeline"), r);
  const list = $("rehearse-windows");
  list.replaceChildren();
  for (const v of r.verifiers) {
    const li = el("li", {}, `${v.name}${v.fromDocs ? " (defaults from docs)" : ""}: `);
    li.append(v.windows.length
      ? v.windows.map((w) => `${w.key} tokens rejected for ${words(w.to - w.from)} from +${words(w.from)} (${w.cause}, ${w.tokens} tokens)`).join("; ")
      : "no valid token rejected");
    list.append(li);
  }
  const hz = $("rehearse-hazards");
  hz.replaceChildren(...r.hazards.map((h) => {
    const li = el("li");
    li.append(el("code", {}, h.code), ` ${h.message}`);
    return li;
  }));
  hz.hidden = r.hazards.length === 0;
}

async function run(form) {
  try {
    await init();
    show(await rehearse(planFrom(form)));
  } catch (e) {
    const out = $("rehearse-verdict");
    out.value = e instanceof TypeError ? e.message.replace(/^rehearse\(\): /, "") : String(e?.message ?? e);
    out.className = "rh-error";
    $("rehearse-timeline").replaceChildren();
    $("rehearse-windows").replaceChildren();
    $("rehearse-hazards").hidden = true;
  }
}

function setup() {
  const form = $("rehearse-form");
  if (!form) return;
  const boxes = $("rehearse-profiles");
  for (const p of PROFILES) {
    const id = `rv-${p}`;
    const label = el("label", { for: id });
    const box = el("input", { type: "checkbox", id, name: id });
    box.checked = p === "jwt-doctor" || p === "jose";
    label.append(box, ` ${p}`);
    boxes.append(label);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run(form);
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
}
