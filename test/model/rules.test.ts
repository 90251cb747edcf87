/**
 * The structure rules' own walks keep their own stack, so they hold at any depth even where the nesting limit
 * does not stand before them (a rule run on its own view), and report in document order.
 */
import { describe, expect, it } from "vitest";
import { buildBundleView } from "../../src/model/bundle-view.js";
import { makeFinding, type Finding } from "../../src/model/diagnostics.js";
import { checkChoiceRules } from "../../src/model/rules/index.js";

function choiceFindings(rule: Record<string, unknown>): Finding[] {
  const view = buildBundleView({
    resources: {
      F: {
        type: "ZIS::Flow",
        properties: {
          name: "F",
          definition: { StartAt: "C", States: { C: { Type: "Choice", Choices: [rule], Default: "C" } } },
        },
      },
    },
  });
  const findings: Finding[] = [];
  checkChoiceRules({ view, report: (...args) => findings.push(makeFinding(...args)) });
  return findings;
}

const RULE = ["resources", "F", "properties", "definition", "States", "C", "Choices", 0];

describe("checkChoiceRules", () => {
  it("checks a comparison inside 6,000 Nots", () => {
    let rule: Record<string, unknown> = { StringEquals: "open" };
    for (let i = 0; i < 6_000; i++) rule = { Not: rule };
    expect(choiceFindings({ ...rule, Next: "C" })).toEqual([
      makeFinding("choice_rule_shape", [...RULE, ...Array(6_000).fill("Not")], {
        problem: "no_variable",
        operator: "StringEquals",
      }),
    ]);
  });

  it("reports an empty Or after what the And before it holds", () => {
    const findings = choiceFindings({ And: [{ Next: "C", IsPresent: true }], Or: [], Next: "C" });
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      "choice_rule_shape /resources/F/properties/definition/States/C/Choices/0",
      "next_in_nested_rule /resources/F/properties/definition/States/C/Choices/0/And/0/Next",
      "choice_rule_shape /resources/F/properties/definition/States/C/Choices/0/And/0",
      "choice_rule_shape /resources/F/properties/definition/States/C/Choices/0/Or",
    ]);
  });
});
