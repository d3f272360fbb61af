// Colour for the human output, by Node's own rules: a terminal's `hasColors()` (which honours
// NO_COLOR, NODE_DISABLE_COLORS, FORCE_COLOR and TERM=dumb), FORCE_COLOR for a pipe; the codes by
// `util.styleText`, their width by `util.stripVTControlCharacters`.
import { stripVTControlCharacters, styleText } from "node:util";

/** Whether to colour what goes to `stream`. */
export function colourWanted(stream, env = process.env) {
  if (typeof stream?.hasColors === "function") return stream.hasColors(env);
  // a pipe or a file: colour only when forced (FORCE_COLOR=0 or false forces it off)
  const force = env.FORCE_COLOR;
  return force !== undefined && force !== "" && force !== "0" && force !== "false";
}

const STYLES = ["bold", "dim", "red", "green", "yellow", "blue", "magenta", "cyan", "inverse"];

/**
 * A set of styling functions (`s.red("x")`); identity functions when colour is off.
 * @param {boolean} on
 */
export function makeStyle(on) {
  const s = { on };
  for (const name of STYLES) s[name] = on ? (text) => styleText(name, String(text)) : (text) => String(text);
  return s;
}

/** Visible width of a string that may hold escape codes. */
export function visibleLength(text) {
  return stripVTControlCharacters(text).length;
}

/** Pads a possibly coloured string to `width` visible columns. */
export function pad(text, width) {
  const n = visibleLength(text);
  return n >= width ? text : text + " ".repeat(width - n);
}
