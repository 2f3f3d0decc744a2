/**
 * What a rule type module owns. Every rule type has a folder under src/rule-types/ exporting one
 * `RuleTypeModule`, registered in src/rule-types/registry.ts; nothing else in dac branches on a rule's type.
 */
import type { Alert } from "../engine/execution/alert.js";
import type { ExecutableRule } from "../engine/execution/executable-rule.js";
import type { RunContext } from "../engine/execution/run-context.js";
import type { FixtureEvent } from "../engine/rule-tests/fixtures.js";
import type { JsonObject, SearchSession } from "../engine/types.js";
import type { LanguageName } from "../languages.js";
import type { RuleCreatePropsOf, RuleType } from "../schema/rule-schema.js";
import type { KeyPath } from "../schema/source.js";

/** A query of a rule: the [rule] key that holds it and its language. */
export interface RuleQuery {
  key: string;
  language: LanguageName;
}

/** A field a rule names outside its query (new_terms fields, threshold group-by), with its TOML path. */
export interface RuleFieldRef {
  field: string;
  path: KeyPath;
  /** How messages name it: "new_terms field", "threshold field", ... */
  label: string;
}

/** An alert a rule test expects; `id` and `execution` are common, `details` belongs to the rule type. */
export interface ExpectedAlert {
  /** The fixture `_id` that becomes the alert. */
  id?: string;
  /** 1-based execution number the alert must come from. */
  execution?: number;
  /** The type's own keys, as its readers return them (`new_terms`, `threshold`, ...). */
  details: JsonObject;
}

/**
 * Reads one type-specific key of an expected alert into the value kept in `details`; throws with the message to
 * show at the key's line.
 */
export type ExpectedKeyReader = (value: unknown, where: string) => unknown;

/** The expected-alert shape of a rule type's tests. */
export interface ExpectedAlertShape {
  /** Keys an expectation must have: `id` where the alert is one event, the group where it is a group. */
  required: readonly string[];
  /** Type-specific keys and how to read each. */
  keys: Record<string, ExpectedKeyReader>;
  /**
   * Whether an actual alert meets the type-specific part of an expectation (id and execution are checked apart);
   * `parts` are the alerts of its execution that are part of it (see `partOf`).
   */
  matches(expected: ExpectedAlert, actual: Alert, parts: readonly Alert[]): boolean;
  /**
   * For an alert that is part of another (a sequence's building block): the `_id` of that alert, through which
   * tests check it, so it is not compared on its own while that alert is there. Absent or undefined: compared.
   */
  partOf?(alert: Alert): string | undefined;
  /** An actual alert in the shape of an expectation, so failure output compares like with like. */
  asExpected(actual: Alert): ExpectedAlert;
  /** An expectation (or an actual alert in that shape) in one line, without its execution. */
  describe(alert: ExpectedAlert): string;
}

/** What the explanation of one fixture event can look at. */
export interface ExplainContext<P = unknown> {
  rule: ExecutableRule<P>;
  events: FixtureEvent[];
  executions: Date[];
  alerts: Alert[];
  arrival: (event: FixtureEvent) => number;
  /** A session holding every event of the case. */
  session: SearchSession;
  /** Whether an event matches a query, searched in that session. */
  matches: (event: FixtureEvent, query: JsonObject) => Promise<boolean>;
}

/**
 * How a runnable rule type executes, and how its tests expect and explain alerts; `P` is the type's own
 * parameters (`ExecutableRule.params`), which only its module reads.
 */
export interface RuleExecution<T extends RuleType, P = unknown> {
  runnable: true;
  /** The rule's execution parameters, read from the typed rule model. */
  read(rule: RuleCreatePropsOf<T>): ExecutableRule<P>;
  /** One execution over one time range: the searches it sends and the alerts it writes. */
  execute(context: RunContext<P>): Promise<Alert[]>;
  expected: ExpectedAlertShape;
  /** The type-specific fields `dac run` prints for an alert. */
  alertFields(alert: Alert): JsonObject;
  /** What an alert is about, after "alert in execution at T" (e.g. ` for ["alice"]`); "" when the event says it all. */
  alertSubject(alert: Alert): string;
  /** The alerts a fixture event raised or took part in. */
  alertsOf(alerts: readonly Alert[], event: FixtureEvent, rule: ExecutableRule<P>): Alert[];
  /** Why a fixture event that matches the query did (not) alert, beyond the common reasons (index, query, time). */
  explain(context: ExplainContext<P>, event: FixtureEvent, alerted: boolean): Promise<string[]>;
}

/** A rule type dac validates but cannot run, and why. */
export interface NotRunnable {
  runnable: false;
  reason: string;
}

export interface RuleTypeModule<T extends RuleType = RuleType, P = unknown> {
  type: T;
  /** The rule's queries with their languages (as written, else the type's default), from its TOML [rule] table. */
  queries(rule: Record<string, unknown>): RuleQuery[];
  /** Fields the rule names outside its queries, for field validation and `required_fields`. */
  fields(rule: Record<string, unknown>): RuleFieldRef[];
  execution: RuleExecution<T, P> | NotRunnable;
}
