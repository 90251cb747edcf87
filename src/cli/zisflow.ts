#!/usr/bin/env node
// The `zisflow` executable (package.json "bin"), compiled to dist/cli/zisflow.js.
import { runCli } from "./main.js";

await runCli();
