// Colour for the human output: plain ANSI, on only for a terminal. NO_COLOR (non-empty) turns
// it off, FORCE_COLOR forces it on (FORCE_COLOR=0 forces it off), as Node itself decides.

/** Whether to colour what goes to `stream`. */
export function colourWanted(stream, env = process.env) {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return Boolean(stream && stream.isTTY);
}

const CODES = {
  bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39],
  magenta: [35, 39], cyan: [36, 39], inverse: [7, 27],
};

/**
 * A set of styling functions (`s.red("x")`); identity functions when colour is off.
 * @param {boolean} on
 */
export function makeStyle(on) {
  const s = { on };
  for (const [name, [open, close]] of Object.entries(CODES)) {
    s[name] = on ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => String(text);
  }
  return s;
}

/** Visible width of a string that may hold escape codes. */
export function visibleLength(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

/** Pads a possibly coloured string to `width` visible columns. */
export function pad(text, width) {
  const n = visibleLength(text);
  return n >= width ? text : text + " ".repeat(width - n);
}
