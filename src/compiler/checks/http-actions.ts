import { classifyDollarValue } from "../../model/template.js";
import { isObject } from "../../model/bundle-view.js";
import type { Check } from "./context.js";

const ACTION_NAME_RULE = /^[A-Za-z0-9_]{1,20}$/;
const CONNECTION_NAME_RULE = /^[A-Za-z0-9_-]{3,64}$/;
const ABSOLUTE_URL = /^https?:\/\//i;

/** The request target and the documented naming rules of custom HTTP actions. */
export const checkHttpActions: Check = ({ view, report }) => {
  for (const action of view.actions) {
    if (action.name !== undefined) {
      if (action.key !== action.name)
        report("resource_key_name_mismatch", [...action.at, "properties", "name"], {
          key: action.key,
          name: action.name,
        });
      if (!ACTION_NAME_RULE.test(action.name))
        report("action_name_format", [...action.at, "properties", "name"], { name: action.name });
    }
    const definition = action.properties?.definition;
    if (!isObject(definition)) continue;
    const at = [...action.at, "properties", "definition"];
    const targets = ["url", "url.$", "path", "path.$"].filter((k) => definition[k] !== undefined);
    if (targets.length !== 1) report("action_url_or_path", at, { found: targets });
    for (const key of ["path", "path.$"]) {
      const value = definition[key];
      if (typeof value === "string" && ABSOLUTE_URL.test(value))
        report("absolute_url_in_path", [...at, key], { value });
    }
    // A url, or a url.$ template, whose fixed start is not http(s)://: a placeholder left to replace
    // (`JIRA_BASE_URL/rest/api`). One that starts with a placeholder, or is a path, takes its start from data.
    for (const key of ["url", "url.$"] as const) {
      const url = definition[key];
      if (typeof url !== "string" || ABSOLUTE_URL.test(url) || url.startsWith("{{")) continue;
      if (key === "url.$" && classifyDollarValue(url) === "path") continue;
      report("url_not_absolute", [...at, key], { url });
    }
    if (definition.query !== undefined) report("legacy_query_field", [...at, "query"], {});
    const connection = definition.connectionName;
    if (
      typeof connection === "string" &&
      !CONNECTION_NAME_RULE.test(connection) &&
      !connection.includes("{{")
    )
      report("invalid_connection_name", [...at, "connectionName"], { name: connection });
  }
};
