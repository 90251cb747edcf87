import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `../shared` beside the repository: reference material and corpora the tests read in place. */
export const SHARED = path.resolve(ROOT, "../shared");
export const SHARED_AVAILABLE = existsSync(path.join(SHARED, "corpus"));
/** Appended to a describe title, so a skipped suite says why. */
export const SHARED_SKIP_REASON = SHARED_AVAILABLE ? "" : " (skipped: ../shared is not beside this checkout)";

export const sharedPath = (...parts: string[]): string => path.join(SHARED, ...parts);

export function readSharedJson(...parts: string[]): unknown {
  return JSON.parse(readFileSync(sharedPath(...parts), "utf8"));
}

export const CORPUS_DIR = sharedPath("corpus", "real-bundles");

export function corpusBundleFiles(): string[] {
  return SHARED_AVAILABLE
    ? readdirSync(CORPUS_DIR)
        .filter((f) => f.endsWith(".json"))
        .sort()
    : [];
}

/** The seed tutorial's bundle from step 9 ("The file should now look like this:"), parsed. */
export function tutorialBundle(): unknown {
  const text = readFileSync(sharedPath("seeds", "000_4a6a60ee0fe4738e.txt"), "utf8");
  const marker = text.indexOf("The file should now look like this:");
  if (marker < 0) throw new Error("seed tutorial: step 9 not found");
  const start = text.indexOf("{", marker);
  return JSON.parse(text.slice(start, matchingBrace(text, start) + 1));
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  throw new Error("seed tutorial: unbalanced braces in step 9");
}
