#!/usr/bin/env node
// The `zisflow` executable: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("./main.ts");
await runCli();
