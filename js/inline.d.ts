// jwt-doctor/inline: the same API as the package root, with the module inlined (see inline.js).
export * from "./index.js";
