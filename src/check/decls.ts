/**
 * Declarations that are not types or expressions: the header, rules, tests and properties.
 *
 * - The header's version must be a semantic version (P2043; semver.org's grammar, a fix is
 *   offered for `"1.2"` → `"1.2.0"`). Libraries are held to this too.
 * - Rule ids are unique (P2011, related: the first rule) and may not take the name of a
 *   pseudo-rule (`kill_switch`, `default_deny`, …) that decisions already use. Every rule needs
 *   a non-empty `because` (P2040) — every refusal is explained — forbid rules grant nothing
 *   (P2041) and escalate rules name at least one approver role (P2042). The clauses are
 *   checked by `check.ts` (`ExprChecker.clauses`).
 * - A test must have an `input` and an `expect` (P2047). Each id after `by` must be a rule of
 *   the pact or a pseudo-rule (P2044, with the nearest id) that can give the expected effect
 *   (P2046): permit comes from permit rules and satisfied escalate rules, escalate from
 *   escalate rules, forbid from forbid rules and the pseudo-rules.
 * - A test's `input` and `data` literals are held against the schemas (`literals.ts`). A
 *   mismatch is the warning P2045, because it is legitimate to test that a malformed input is
 *   refused — and no warning at all when the test expects exactly that (`by invalid_input`,
 *   `by invalid_data`). Undeclared input fields are allowed (spec §3) and reported only when
 *   they look like a misspelt declared field; undeclared data fields are always reported,
 *   since `data = …` can only override declared fields.
 * - A property's `given` is a condition like any other.
 */
import { PSEUDO_RULES } from '../decision/index.js';
import { nearest } from '../diag/index.js';
import type { Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import type { ExprChecker } from './check.js';
import { meant, type Reporter } from './errors.js';
import { conform } from './schema.js';
import type { LoadedModule, RecordType } from './types.js';

/** semver.org's regular expression for a semantic version. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Checks a module's header: the version must be a semantic version (P2043). */
export function checkHeader(m: LoadedModule, report: Reporter): void {
  const v = m.module.header?.version;
  if (!v || SEMVER.test(v.value)) return;
  const parts = v.value.replace(/^v/, '').split('.');
  const padded = parts.every((p) => /^(0|[1-9]\d*)$/.test(p)) && parts.length < 3 ? [...parts, '0', '0'].slice(0, 3).join('.') : undefined;
  const fixed = padded ?? (/^v\d/.test(v.value) && SEMVER.test(v.value.slice(1)) ? v.value.slice(1) : undefined);
  report.error('P2043', v.span, `\`"${v.value}"\` is not a semantic version`, {
    label: 'not MAJOR.MINOR.PATCH',
    help: fixed ? `write \`"${fixed}"\`` : 'write a version such as `"1.0.0"` (see semver.org)',
    ...(fixed ? { fix: { span: v.span, replacement: JSON.stringify(fixed) } } : {}),
  });
}

/** Checks the rules of the pact: ids, `because`, grants, roles and clauses. */
export function checkRules(rules: readonly ast.Rule[], exprs: ExprChecker, report: Reporter): void {
  const first = new Map<string, Span>();
  for (const r of rules) {
    const id = r.name.text;
    const prior = first.get(id);
    if (PSEUDO_RULES.includes(id)) {
      report.error('P2011', r.name.span, `rule id \`${id}\` is reserved`, {
        label: 'a built-in decision uses this id',
        help: `the ids ${PSEUDO_RULES.map((p) => `\`${p}\``).join(', ')} name decisions made without a rule; choose another id`,
      });
    } else if (prior) {
      report.duplicate('P2011', r.name.span, 'rule', id, prior, 'rule ids name rules in decisions, so each must be unique');
    } else {
      first.set(id, r.name.span);
    }
    if (!r.because) {
      report.error('P2040', r.name.span, `rule \`${id}\` has no \`because\``, {
        label: 'no reason given',
        help: 'end the rule with `because "…"`: decisions give its text as the reason',
      });
    } else if (r.because.value.trim() === '') {
      report.error('P2040', r.because.span, `rule \`${id}\` has an empty \`because\``, {
        label: 'empty reason',
        help: 'decisions give this text as the reason; say why the rule applies',
      });
    }
    if (r.effect === 'forbid') {
      for (const g of r.grants) {
        report.error('P2041', g.span, `forbid rule \`${id}\` cannot grant a secret`, {
          label: 'grant on a forbid rule',
          help: 'only permit and escalate rules grant secrets; remove the grant',
        });
      }
    }
    if (r.effect === 'escalate' && r.roles.length === 0) {
      report.error('P2042', r.name.span, `escalate rule \`${id}\` names no approver role`, {
        label: 'who approves?',
        help: `write \`escalate ${id} to "ROLE"\``,
      });
    }
    exprs.clauses(r.clauses);
  }
}

/** Which effects a rule (or pseudo-rule) can be named for in a decision. */
function canGive(effect: ast.Effect, rule: ast.Rule | undefined): boolean {
  if (!rule) return effect === 'forbid';
  if (effect === 'permit') return rule.effect === 'permit' || rule.effect === 'escalate';
  return rule.effect === effect;
}

/** The schemas tests are held against. */
export interface TestSchemas {
  readonly input: RecordType;
  readonly data: RecordType;
}

/** Checks the tests of the pact against its rules and schemas. */
export function checkTests(tests: readonly ast.TestDecl[], rules: readonly ast.Rule[], schemas: TestSchemas, report: Reporter): void {
  const byId = new Map<string, ast.Rule>();
  for (const r of rules) if (!byId.has(r.name.text)) byId.set(r.name.text, r);
  for (const t of tests) {
    const title = t.name.value;
    if (!t.expect) {
      report.error('P2047', t.name.span, `test "${title}" has no \`expect\``, { label: 'expects nothing', help: 'add `expect permit`, `expect escalate` or `expect forbid`, optionally `by RULE`' });
    }
    if (!t.input) {
      report.error('P2047', t.name.span, `test "${title}" has no \`input\``, { label: 'no input', help: 'add `input = { … }` with the action and trust context to decide' });
    }
    const by = t.expect?.by ?? [];
    for (const name of by) {
      const id = name.text;
      const rule = byId.get(id);
      if (!rule && !PSEUDO_RULES.includes(id)) {
        const best = nearest(id, [...byId.keys(), ...PSEUDO_RULES]);
        report.error('P2044', name.span, `test "${title}" names unknown rule \`${id}\``, {
          label: 'no such rule',
          help: best !== undefined ? meant(best) : `the rules are ${[...byId.keys()].map((k) => `\`${k}\``).join(', ') || 'none'}`,
          ...(best !== undefined ? { fix: { span: name.span, replacement: best } } : {}),
        });
      } else if (t.expect && !canGive(t.expect.effect, rule)) {
        const what = rule ? `${rule.effect} rule \`${id}\`` : `\`${id}\``;
        report.error('P2046', name.span, `${what} cannot give a ${t.expect.effect} decision`, {
          label: `not a reason for ${t.expect.effect}`,
          ...(rule ? { related: [{ span: rule.name.span, message: `\`${id}\` is a ${rule.effect} rule` }] } : {}),
          help: 'permit decisions name permit and satisfied escalate rules, escalate decisions escalate rules, forbid decisions forbid rules or built-in reasons',
        });
      }
    }
    const expects = new Set(by.map((n) => n.text));
    if (t.input) literalAgainst(t.input, schemas.input, 'input', expects, title, report);
    if (t.data) literalAgainst(t.data, schemas.data, 'data', expects, title, report);
  }
}

/**
 * Holds a test's `input` or `data` literal against a schema; `expects` are the ids after `by`.
 * Data literals override defaults field by field, so their missing fields are fine.
 */
function literalAgainst(lit: ast.Literal, schema: RecordType, doc: 'input' | 'data', expects: ReadonlySet<string>, title: string, report: Reporter): void {
  const target: RecordType = doc === 'data' ? { kind: 'record', fields: schema.fields.map((f) => ({ ...f, optional: true })) } : schema;
  const warn = !expects.has(`invalid_${doc}`);
  for (const p of conform(lit, target, doc)) {
    if (p.kind === 'unknown') {
      if (doc === 'input' && p.suggestion === undefined) continue;
      report.warning('P2045', p.span, `test "${title}": ${p.message}${doc === 'data' ? ' and is ignored' : ''}`, {
        label: 'not declared',
        ...(p.suggestion !== undefined ? { help: meant(p.suggestion), fix: { span: p.span, replacement: p.suggestion } } : {}),
      });
    } else if (warn) {
      report.warning('P2045', p.span, `test "${title}": ${p.message}`, {
        label: `the decision will be \`invalid_${doc}\``,
        help: p.suggestion !== undefined ? meant(p.suggestion) : `if this test is about malformed ${doc}, expect \`forbid by invalid_${doc}\``,
      });
    }
  }
}

/** Checks the properties of the pact: each `given` is a condition. */
export function checkProperties(props: readonly ast.PropertyDecl[], exprs: ExprChecker): void {
  for (const p of props) if (p.given) exprs.topCondition(p.given);
}
