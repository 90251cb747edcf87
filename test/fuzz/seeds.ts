/** What the cases start from: the corpus (../shared, when beside this checkout) and the example bundles. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateBundle } from "../../src/compiler/validate.js";
import { hasErrors } from "../../src/model/diagnostics.js";
import { ticketInput } from "../support/bundles.js";
import { ROOT, SHARED_AVAILABLE, sharedPath } from "../support/shared.js";
import { findSites, type StateSite } from "./mutations.js";

export interface Seed {
  readonly name: string;
  readonly document: unknown;
}

export interface Seeds {
  /** Bundles and fragments the validator's inputs start from. */
  readonly documents: readonly Seed[];
  /** Of those, the bundles the validator finds no error in: what runs start from. */
  readonly runnable: readonly Seed[];
  /** Event payloads (`$.input`). */
  readonly events: readonly Seed[];
  /** Every state of every document, to graft into others. */
  readonly donors: readonly StateSite[];
}

function jsonFiles(dir: string): Seed[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json") && !file.startsWith("."))
    .sort()
    .map((file) => ({
      name: file,
      document: JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown,
    }));
}

/** `log` is told when ../shared is absent, so that a smaller campaign does not go unnoticed. */
export function loadSeeds(log: (line: string) => void): Seeds {
  const documents = jsonFiles(path.join(ROOT, "dist-bundles"));
  const events: Seed[] = [{ name: "ticket event", document: ticketInput() }];
  if (SHARED_AVAILABLE) {
    documents.push(
      ...jsonFiles(sharedPath("corpus", "real-bundles")),
      ...jsonFiles(sharedPath("corpus", "docs-examples")),
    );
    events.push(
      ...jsonFiles(sharedPath("corpus", "events")),
      ...jsonFiles(sharedPath("corpus", "events", "derived-zis-input")),
    );
    for (const { name, document } of jsonFiles(sharedPath("corpus", "docs-examples")))
      if (name.startsWith("flow-input-"))
        events.push({ name, document: (document as { input: unknown }).input });
  } else {
    log("# ../shared is not beside this checkout: the corpus seeds are skipped (example bundles only)");
  }
  return {
    documents,
    runnable: documents.filter((seed) => !hasErrors(validateBundle(seed.document))),
    events,
    donors: documents.flatMap((seed) => findSites(seed.document).states),
  };
}
