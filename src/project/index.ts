// The user's project on disk: listing and loading bundle modules, and writing canonical bundle files.
export * from "./build.js";
export * from "./folders.js";
export * from "./format.js";
export * from "./loader.js";
export * from "./modules.js";
