/**
 * Makes a failing case smaller, greedily: deletes members and array items breadth first (whole resources and
 * states before their details) and halves long strings, keeping each change after which the case still fails
 * the same way. Stops at the deadline; whatever it has by then is the reproducer.
 */
import { isContainer, setMember, toJsonText, type JsonContainer } from "./json.js";

export async function shrink(
  document: unknown,
  stillFails: (text: string) => Promise<boolean>,
  deadline: number,
): Promise<unknown> {
  const queue: JsonContainer[] = isContainer(document) ? [document] : [];
  const tryChange = async (change: () => void, undo: () => void): Promise<boolean> => {
    change();
    if (await stillFails(toJsonText(document))) return true;
    undo();
    return false;
  };
  for (let i = 0; i < queue.length && Date.now() < deadline; i++) {
    const container = queue[i]!;
    // From the last key, so that deleting array items does not move the ones still to try.
    for (const key of Object.keys(container).reverse()) {
      if (Date.now() >= deadline) break;
      const value = (container as Record<string, unknown>)[key];
      const put = (replacement: unknown) => () => {
        if (Array.isArray(container)) container[Number(key)] = replacement;
        else setMember(container, key, replacement);
      };
      const removed = await tryChange(
        () => (Array.isArray(container) ? container.splice(Number(key), 1) : delete container[key]),
        () =>
          Array.isArray(container)
            ? container.splice(Number(key), 0, value)
            : setMember(container, key, value),
      );
      if (removed) continue;
      if (typeof value === "string") {
        let text = value;
        while (
          text.length > 64 &&
          Date.now() < deadline &&
          (await tryChange(put(text.slice(0, text.length / 2)), put(text)))
        )
          text = text.slice(0, text.length / 2);
      } else if (isContainer(value)) queue.push(value);
    }
  }
  return document;
}
