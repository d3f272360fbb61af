// Whether a key goes into the page's link. Each key field (the form's, every compare verifier's)
// is judged on its own, by the core's reading of its own key: a public key goes in by default; a
// secret or a private key only when the box was ticked for that very key. A tick is bound to the
// key text it was given for (a link that carried a public key, then a secret pasted over it: the
// secret stays out); an untick holds whatever the key becomes.

/**
 * @param {string} key  the key text as in the field
 * @param {boolean} sensitive  whether that key holds secret material
 * @param {{on: boolean, key?: string} | null} choice  the user's (or the link's) choice, if any
 * @returns {boolean}
 */
export function linkKeyFor(key, sensitive, choice) {
  if (choice && !choice.on) return false;
  if (!sensitive) return true;
  return !!choice && choice.key === key;
}

/** The warning beside a key field's box, or "" when the key is not secret. */
export function linkWarning(sensitive, included) {
  if (!sensitive) return "";
  return included ? "The link holds this secret key: anyone who gets it can sign tokens your verifier accepts."
    : "This key is secret (an HMAC secret or a private key): it stays out of the link unless you tick the box.";
}
