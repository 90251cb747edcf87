import type { JsonObject } from "../../model/json.js";
import type { HttpAction, KeyValueInput } from "../../dsl/http-action.js";
import { isRef, refPath } from "../../dsl/ref.js";
import { renderDynamicObject, renderMember, type ParamResolver } from "../../dsl/values.js";

/** An HTTP action's `definition`, in the documented field order. */
export function renderHttpActionDefinition(action: HttpAction<unknown>, resolve: ParamResolver): JsonObject {
  const props = action.definition;
  const out: JsonObject = { method: props.method };
  renderMember(out, "url", props.url, resolve);
  renderMember(out, "path", props.path, resolve);
  if (props.connectionName !== undefined) out.connectionName = props.connectionName;
  if (props.headers) out.headers = keyValues(props.headers, resolve);
  if (props.queryParams) out.queryParams = keyValues(props.queryParams, resolve);
  if (props.requestBody !== undefined) {
    if (isRef(props.requestBody)) out["requestBody.$"] = refPath(props.requestBody);
    else
      out.requestBody = renderDynamicObject(
        props.requestBody,
        resolve,
        `HTTP action "${action.name}" requestBody`,
      );
  }
  return out;
}

function keyValues(entries: Readonly<Record<string, KeyValueInput>>, resolve: ParamResolver): JsonObject[] {
  return Object.entries(entries).map(([key, value]) => {
    const out: JsonObject = { key };
    renderMember(out, "value", value, resolve);
    return out;
  });
}
