import { describe, expect, it } from "vitest";
import {
  CONDITION_FIELDS,
  CONDITION_OPERATORS,
  fieldKind,
  OPERATORS_BY_KIND,
  operatorForField,
  operatorsFor,
} from "./automation.catalog.ts";
import { evaluateConditions, evaluateRule, type TicketFacts } from "./automation.conditions.ts";
import {
  conditionRuleSchema,
  conditionsSchema,
  createRuleInput,
  renderTemplate,
  storedConditionsSchema,
  unsafeRegexReason,
} from "./automation.schema.ts";

const now = new Date("2026-03-10T12:00:00Z");
const AGENT = "7d9f1a52-5c1e-4a8e-9f0e-2b6f3c1d4e5a";
const TEAM = "0b4c7e1a-9d2f-4e3b-8a6c-5f1e2d3c4b5a";

const facts: TicketFacts = {
  status: "OPEN",
  priority: "HIGH",
  channel: "EMAIL",
  subject: "Refund request for order 1234",
  description: "I was charged twice, please refund.",
  tags: ["billing", "vip"],
  assigneeId: AGENT,
  teamId: null,
  requesterEmail: "jane@example.test",
  customFields: { plan: "enterprise", seats: 40 },
  createdAt: new Date("2026-03-10T06:00:00Z"), // 6 h ago
  updatedAt: new Date("2026-03-10T11:00:00Z"), // 1 h ago
};

/** Parses like the API does, then evaluates: an invalid condition fails the test loudly. */
const check = (field: string, operator: string, value?: unknown) =>
  evaluateRule(conditionRuleSchema.parse({ field, operator, value }), facts, now);

describe("automation conditions: every operator", () => {
  it("equals / not_equals (case-insensitive text, enums, ids, numbers)", () => {
    expect(check("status", "equals", "OPEN")).toBe(true);
    expect(check("status", "not_equals", "OPEN")).toBe(false);
    expect(check("subject", "equals", "refund REQUEST for order 1234")).toBe(true);
    expect(check("assigneeId", "equals", AGENT)).toBe(true);
    expect(check("teamId", "not_equals", TEAM)).toBe(true);
    expect(check("hoursSinceCreated", "equals", 6)).toBe(true);
    expect(check("cf.plan", "equals", "Enterprise")).toBe(true);
  });

  it("contains / not_contains on text and tags", () => {
    expect(check("description", "contains", "charged TWICE")).toBe(true);
    expect(check("description", "not_contains", "charged")).toBe(false);
    expect(check("tags", "contains", "VIP")).toBe(true);
    expect(check("tags", "not_contains", "spam")).toBe(true);
    expect(check("requesterEmail", "contains", "@example.test")).toBe(true);
  });

  it("starts_with / ends_with on text and email", () => {
    expect(check("subject", "starts_with", "REFUND req")).toBe(true);
    expect(check("subject", "starts_with", "order")).toBe(false);
    expect(check("requesterEmail", "ends_with", "@EXAMPLE.test")).toBe(true);
    expect(check("description", "ends_with", "refund.")).toBe(true);
    expect(check("cf.plan", "starts_with", "enter")).toBe(true);
  });

  it("in / not_in", () => {
    expect(check("priority", "in", ["HIGH", "URGENT"])).toBe(true);
    expect(check("channel", "not_in", ["EMAIL", "PORTAL"])).toBe(false);
    expect(check("tags", "in", ["spam", "billing"])).toBe(true);
    expect(check("tags", "not_in", ["spam", "abuse"])).toBe(true);
    expect(check("assigneeId", "in", [TEAM])).toBe(false);
  });

  it("greater_than / less_than on hours, priorities (by rank) and numeric custom fields", () => {
    expect(check("hoursSinceCreated", "greater_than", 5)).toBe(true);
    expect(check("hoursSinceUpdated", "less_than", 2)).toBe(true);
    expect(check("hoursSinceUpdated", "greater_than", 2)).toBe(false);
    expect(check("priority", "greater_than", "MEDIUM")).toBe(true);
    expect(check("priority", "less_than", "HIGH")).toBe(false);
    expect(check("cf.seats", "greater_than", 20)).toBe(true);
    expect(check("cf.plan", "greater_than", 1)).toBe(false); // not a number: never matches
  });

  it("matches (regex, case-insensitive) and is_empty / is_not_empty", () => {
    expect(check("subject", "matches", "order \\d{4}$")).toBe(true);
    expect(check("subject", "matches", "^invoice")).toBe(false);
    expect(check("teamId", "is_empty")).toBe(true);
    expect(check("assigneeId", "is_not_empty")).toBe(true);
    expect(check("tags", "is_empty")).toBe(false);
    expect(check("cf.missing", "is_empty")).toBe(true);
  });

  it("regex input is capped at 10k characters", () => {
    const long = { ...facts, description: `${"x".repeat(10_000)}NEEDLE` };
    const rule = conditionRuleSchema.parse({ field: "description", operator: "matches", value: "NEEDLE" });
    expect(evaluateRule(rule, long, now)).toBe(false);
    expect(evaluateRule(rule, { ...facts, description: "a NEEDLE" }, now)).toBe(true);
  });

  it("all needs every rule, any needs one, no rules always match", () => {
    const rules = [
      conditionRuleSchema.parse({ field: "status", operator: "equals", value: "OPEN" }),
      conditionRuleSchema.parse({ field: "priority", operator: "equals", value: "LOW" }),
    ];
    expect(evaluateConditions({ match: "all", rules }, facts, now)).toBe(false);
    expect(evaluateConditions({ match: "any", rules }, facts, now)).toBe(true);
    expect(evaluateConditions({ match: "all", rules: [] }, facts, now)).toBe(true);
    expect(evaluateConditions({ match: "any", rules: [] }, facts, now)).toBe(true);
  });
});

describe("automation conditions: validation", () => {
  const issues = (rule: unknown) => {
    const r = conditionRuleSchema.safeParse(rule);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("refuses catastrophic regexes, invalid ones and overlong ones; accepts ordinary ones", () => {
    for (const bad of ["(a+)+$", "(\\w*)*x", "((ab)+c)*", "(a|b+){2,}", "(x+){3}"]) {
      expect(unsafeRegexReason(bad), bad).toMatch(/Nested repetition/);
    }
    expect(unsafeRegexReason("(unclosed")).toMatch(/valid regular expression/);
    expect(unsafeRegexReason("a".repeat(201))).toMatch(/at most 200/);
    for (const ok of ["order \\d{4}", "^(re|fwd):", "[(a+)+]", "(ab)+", "\\(a+\\)+", "(a+)?", "colou?r"]) {
      expect(unsafeRegexReason(ok), ok).toBeNull();
    }
    expect(issues({ field: "subject", operator: "matches", value: "(a+)+$" })).toEqual([
      expect.stringMatching(/^value: Nested repetition/),
    ]);
  });

  it("names the wrong part: unknown field, operator that doesn't fit, bad value", () => {
    expect(issues({ field: "nope", operator: "equals", value: "x" })).toEqual(["field: Unknown field."]);
    expect(issues({ field: "status", operator: "contains", value: "x" })[0]).toMatch(/^operator:/);
    expect(issues({ field: "status", operator: "equals", value: "ARCHIVED" })[0]).toMatch(
      /^value: Choose one of/,
    );
    expect(issues({ field: "priority", operator: "in", value: [] })[0]).toMatch(/^value: Give at least one/);
    expect(issues({ field: "hoursSinceCreated", operator: "greater_than", value: "two" })[0]).toMatch(
      /^value: Give a number/,
    );
    expect(issues({ field: "assigneeId", operator: "equals", value: "bob" })[0]).toMatch(
      /^value: Choose an agent/,
    );
    expect(issues({ field: "cf.plan", operator: "equals", value: "gold" })).toEqual([]);
  });

  it("checks trigger parameters and template placeholders", () => {
    const base = {
      orgId: TEAM,
      name: "r",
      trigger: "ticket.field_changed",
      actions: [{ type: "add_tag", tag: "x" }],
    };
    const paths = (input: unknown) => {
      const r = createRuleInput.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(paths(base)).toEqual(["triggerField"]);
    expect(paths({ ...base, trigger: "ticket.pending_for" })).toEqual(["pendingHours"]);
    expect(paths({ ...base, triggerField: "priority", actions: [] })).toEqual(["actions"]);
    expect(
      paths({
        ...base,
        triggerField: "priority",
        actions: [{ type: "send_reply", body: "Hi {{ticket.nmber}}" }],
      }),
    ).toEqual(["actions.0.body"]);
    expect(
      renderTemplate("Hi {{ requester.name }}, #{{ticket.number}}", {
        "requester.name": "Jane",
        "ticket.number": "7",
      }),
    ).toBe("Hi Jane, #7");
  });
});

describe("automation conditions: the operator table", () => {
  const ops = (field: string) => [...operatorsFor(field)];

  it("offers per kind of field only the operators that fit it", () => {
    for (const f of ["status", "channel"]) expect(ops(f)).toEqual(["equals", "not_equals", "in", "not_in"]);
    expect(ops("priority")).toEqual(["equals", "not_equals", "in", "not_in", "greater_than", "less_than"]);
    for (const f of ["subject", "description"]) {
      expect(ops(f)).toEqual([
        "contains",
        "not_contains",
        "starts_with",
        "ends_with",
        "equals",
        "not_equals",
        "matches",
      ]);
    }
    expect(ops("requesterEmail")).toEqual(expect.arrayContaining(["equals", "ends_with", "in", "is_empty"]));
    expect(ops("requesterEmail")).not.toContain("greater_than");
    expect(ops("tags")).toEqual(["contains", "not_contains", "in", "not_in", "is_empty", "is_not_empty"]);
    for (const f of ["assigneeId", "teamId"]) {
      expect(ops(f)).toEqual(["equals", "not_equals", "in", "not_in", "is_empty", "is_not_empty"]);
    }
    for (const f of ["hoursSinceCreated", "hoursSinceUpdated"]) {
      expect(ops(f)).toEqual(["greater_than", "less_than", "equals", "not_equals"]);
    }
    expect(ops("cf.plan")).toEqual(expect.arrayContaining(["contains", "greater_than", "is_empty"]));
    expect(ops("nope")).toEqual([]);
  });

  it("covers every built-in field and uses every operator somewhere, without repeats", () => {
    for (const f of CONDITION_FIELDS) expect(fieldKind(f), f).not.toBeNull();
    const used = new Set(Object.values(OPERATORS_BY_KIND).flat());
    expect([...used].sort()).toEqual([...CONDITION_OPERATORS].sort());
    for (const [kind, list] of Object.entries(OPERATORS_BY_KIND))
      expect(new Set(list).size, kind).toBe(list.length);
  });

  it("the schema refuses exactly what the table leaves out, naming the operators that fit", () => {
    for (const field of [...CONDITION_FIELDS, "cf.plan"]) {
      for (const operator of CONDITION_OPERATORS) {
        const r = conditionRuleSchema.safeParse({ field, operator, value: "x" });
        const operatorIssue = r.success ? undefined : r.error.issues.find((i) => i.path[0] === "operator");
        expect(Boolean(operatorIssue), `${field} ${operator}`).toBe(!operatorsFor(field).includes(operator));
      }
    }
    const r = conditionRuleSchema.safeParse({ field: "subject", operator: "greater_than", value: 3 });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "operator: The operator greater_than doesn't fit the field subject: use contains, not_contains, starts_with, ends_with, equals, not_equals, matches.",
    ]);
  });

  it("a field change keeps the operator when it fits, else takes the field's first", () => {
    expect(operatorForField("description", "contains")).toBe("contains");
    expect(operatorForField("status", "contains")).toBe("equals");
    expect(operatorForField("hoursSinceCreated", "starts_with")).toBe("greater_than");
    expect(operatorForField("tags", "equals")).toBe("contains");
  });

  it("rules stored before the table narrowed still read and still evaluate", () => {
    const old = { match: "all", rules: [{ field: "subject", operator: "less_than", value: "m" }] };
    expect(conditionsSchema.safeParse(old).success).toBe(false);
    const stored = storedConditionsSchema.parse(old);
    expect(evaluateConditions(stored, facts, now)).toBe(false);
  });
});
