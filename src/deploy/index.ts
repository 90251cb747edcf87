/** Deploying bundles to a Zendesk account through the Registry API (reference §10.1, §10.7). */
export * from "./client.js";
export * from "./deploy.js";
export * from "./errors.js";
export * from "./plan.js";
