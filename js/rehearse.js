// rehearse(plan): a key rotation or a key-set outage rehearsed by the core's cache model. Every
// decision (the model, the profiles, the verdict) is the core's; this file only crosses over.

import * as core from "./jwt_doctor.js";
import { requireReady } from "./runtime.js";

/**
 * Rehearses a rotation plan (publish / switch / retire, or keys and steps) or an outage plan
 * against named verifier profiles or custom cache settings: the windows in which valid tokens
 * are rejected at each verifier, the earliest safe switch and retire times, the hazards and a
 * verdict. Times are seconds since the plan's start. Throws TypeError for a plan it cannot read,
 * with the field named.
 * @param {object|string} plan
 */
export function rehearse(plan) {
  requireReady("rehearse");
  return core.rehearse(plan);
}
