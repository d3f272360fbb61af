// The Worker of workerd.test.mjs: the Hono app of hono-app.mjs, configured by its bindings
// (JWKS_URL, DEAD_JWKS_URL). wrangler bundles it with hono and jwt-doctor (workerd condition).
import { createApp } from "./hono-app.mjs";

export default createApp();
