// Type check of fixFor()'s declarations (strict): the stack is a closed union, the entries typed.
import { FIX_STACKS, fixFor, inspect, type Fix, type FixStack } from "jwt-doctor";
const report = inspect("a.b.c", { algorithms: ["RS256"] });
const fixes: Fix[] = fixFor(report, "fast-jwt", { options: { algorithms: ["RS256"] }, jwksUrl: "https://x/jwks.json" });
const first: string | null = fixes[0]?.snippet ?? null;
const stacks: readonly FixStack[] = FIX_STACKS;
// @ts-expect-error: not a stack fixFor() writes for
fixFor(report, "express-jwt");
// @ts-expect-error: snippet may be null
const s: string = fixes[0].snippet;
void s;
export { first, stacks };
