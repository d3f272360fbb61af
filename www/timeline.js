// The timeline: iat, nbf, exp, now and the leeway windows on one axis, as inline SVG built from
// the report's data (no library).
import { duration, iso, relative } from "./render.js";

const NS = "http://www.w3.org/2000/svg";
const H = 160;
const AXIS_Y = 102;
const PAD = 40;

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * @param {HTMLElement} host
 * @param {{now:number, iat?:number, nbf?:number, exp?:number, leeway:number}} t  seconds
 * @returns {boolean} whether anything was drawn
 */
export function renderTimeline(host, t) {
  host.replaceChildren();
  // The drawing is as wide as its box, so that its 12 px labels stay 12 px on a phone.
  const W = Math.round(Math.min(760, Math.max(300, host.clientWidth || 720)));
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const iat = num(t.iat), nbf = num(t.nbf), exp = num(t.exp), now = t.now, lw = t.leeway || 0;
  if (iat === undefined && nbf === undefined && exp === undefined) return false;

  const xs = [now, iat, nbf, exp].filter((v) => v !== undefined);
  if (nbf !== undefined) xs.push(nbf - lw);
  if (exp !== undefined) xs.push(exp + lw);
  let lo = Math.min(...xs), hi = Math.max(...xs);
  if (hi - lo < 60) {
    const mid = (hi + lo) / 2;
    lo = mid - 30;
    hi = mid + 30;
  }
  const span = hi - lo;
  const x = (v) => PAD + ((v - lo) / span) * (W - 2 * PAD);

  const titleId = `tl-title-${Math.random().toString(36).slice(2, 8)}`;
  const descId = `${titleId}-desc`;
  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, role: "img", class: "timeline",
    "aria-labelledby": titleId, "aria-describedby": descId,
  });
  const validFrom = nbf !== undefined ? nbf : iat;
  const lines = [];
  lines.push(`now ${iso(now)}`);
  if (iat !== undefined) lines.push(`issued (iat) ${iso(iat)}, ${relative(iat, now)}`);
  if (nbf !== undefined) lines.push(`valid from (nbf) ${iso(nbf)}, ${relative(nbf, now)}`);
  if (exp !== undefined) lines.push(`expires (exp) ${iso(exp)}, ${relative(exp, now)}`);
  if (lw) lines.push(`leeway ${lw} s on each side`);
  root.append(svg("title", { id: titleId }, "Token lifetime timeline"));
  root.append(svg("desc", { id: descId }, lines.join("; ")));

  // The accepted window (nbf or iat .. exp), and the leeway extensions either side.
  const from = validFrom ?? lo;
  const to = exp ?? hi;
  if (to > from) root.append(svg("rect", { class: "tl-valid", x: x(from), y: AXIS_Y - 14, width: Math.max(1, x(to) - x(from)), height: 28 }));
  if (lw && exp !== undefined) root.append(svg("rect", { class: "tl-leeway", x: x(exp), y: AXIS_Y - 14, width: Math.max(1, x(exp + lw) - x(exp)), height: 28 }));
  if (lw && nbf !== undefined) root.append(svg("rect", { class: "tl-leeway", x: x(nbf - lw), y: AXIS_Y - 14, width: Math.max(1, x(nbf) - x(nbf - lw)), height: 28 }));

  root.append(svg("line", { class: "tl-axis", x1: PAD - 10, y1: AXIS_Y, x2: W - PAD + 10, y2: AXIS_Y }));
  root.append(svg("text", { class: "tl-end", x: PAD - 10, y: H - 6, "text-anchor": "start" }, iso(lo).replace("T", " ")));
  root.append(svg("text", { class: "tl-end", x: W - PAD + 10, y: H - 6, "text-anchor": "end" }, iso(hi).replace("T", " ")));

  // Marks at the same instant share one label ("iat = nbf 10 min ago").
  const raw = [];
  if (iat !== undefined) raw.push({ v: iat, name: "iat", cls: "tl-iat" });
  if (nbf !== undefined) raw.push({ v: nbf, name: "nbf", cls: "tl-nbf" });
  if (exp !== undefined) raw.push({ v: exp, name: "exp", cls: "tl-exp" });
  raw.push({ v: now, name: "now", cls: "tl-now" });
  const marks = [];
  for (const m of raw) {
    const same = marks.find((o) => o.v === m.v);
    if (same) {
      same.names.push(m.name);
      if (m.name === "now") same.cls = "tl-now";
    } else marks.push({ v: m.v, names: [m.name], cls: m.cls });
  }
  marks.sort((a, b) => a.v - b.v);

  // Labels in up to ROWS rows above the axis so that close marks do not overlap.
  const ROWS = 4;
  const rowEnds = new Array(ROWS).fill(-Infinity);
  for (const m of marks) {
    const px = x(m.v);
    const isNow = m.names.includes("now");
    const names = m.names.join(" = ");
    const label = isNow ? names : `${names} ${relative(m.v, now)}`;
    const width = label.length * 6.4 + 10;
    const anchor = px < PAD + width / 2 ? "start" : px > W - PAD - width / 2 ? "end" : "middle";
    const left = anchor === "start" ? px : anchor === "end" ? px - width : px - width / 2;
    let row = rowEnds.findIndex((end) => end < left);
    if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
    rowEnds[row] = left + width;
    const ly = AXIS_Y - 24 - row * 16;
    const g = svg("g", { class: `tl-mark ${m.cls}` });
    g.append(svg("line", { x1: px, y1: ly + 4, x2: px, y2: AXIS_Y + 16 }));
    g.append(svg("circle", { cx: px, cy: AXIS_Y, r: isNow ? 6 : 4.5 }));
    g.append(svg("text", { x: px, y: ly, "text-anchor": anchor }, label));
    root.append(g);
  }
  // Crop the rows of labels that were not needed.
  const rowsUsed = rowEnds.filter((e) => e > -Infinity).length;
  const top = Math.max(0, AXIS_Y - 24 - (rowsUsed - 1) * 16 - 16);
  root.setAttribute("viewBox", `0 ${top} ${W} ${H - top}`);
  if (exp !== undefined && validFrom !== undefined && exp > validFrom) {
    root.append(svg("text", { class: "tl-end", x: (x(validFrom) + x(exp)) / 2, y: AXIS_Y + 30, "text-anchor": "middle" },
      `lifetime ${duration(exp - validFrom)}${lw ? ` + ${lw} s leeway` : ""}`));
  }
  host.append(root);
  const list = document.createElement("ul");
  list.className = "tl-text";
  for (const l of lines) {
    const li = document.createElement("li");
    li.textContent = l;
    list.append(li);
  }
  host.append(list);
  return true;
}
