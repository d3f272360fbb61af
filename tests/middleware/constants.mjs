// What the test apps expect of a token (shared by the apps and the assertions).
export const ISSUER = "https://issuer.test";
export const AUDIENCE = "api://orders";
export const REALM = "orders";
