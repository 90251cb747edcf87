/**
 * Canonical bundle file text: prettier's JSON formatting with fixed options (not the project's prettier
 * config), so the bytes are the same on every machine.
 */
export async function formatBundleJson(bundle: unknown): Promise<string> {
  const prettier = await import("prettier");
  return prettier.format(JSON.stringify(bundle), {
    parser: "json",
    printWidth: 80,
    tabWidth: 2,
    endOfLine: "lf",
  });
}
