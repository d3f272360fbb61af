// Durations and relative times in words, the core's wording (src/time.rs), shared by the CLI and
// the debugger page so that a report, a terminal and a page never say it three ways. Needs the
// module instantiated (the CLI's node entry does it at import; the page awaits init()).
import { durationWords, relativeWords } from "./jwt_doctor.js";

/** "45 s", "3 h 12 min", "2 d 5 h", "1 y 20 d": the two largest units of |seconds|. */
export const duration = (seconds) => durationWords(seconds);

/** "in 10 min", "3 h 12 min ago", "now", for an instant `delta` seconds from now. */
export const relative = (delta) => relativeWords(delta);
