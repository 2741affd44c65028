// Tests of std.trust: the tiers decide a typical supervision policy.
//
// Trusted agents act alone, agents on probation act under a human operator, and agents below
// every tier are refused. Sensitive actions ask for more: an evaluation from the last week to act
// alone, and at least the `established` tier with no open dispute at all to act even under
// supervision. Degrading a signal only ever moves an agent down this ladder, which `pactc test`
// checks as the built-in "trust is monotone" property.
pact trust_test version "1.1.0"

use std.trust

input {
  action: {
    sensitive: bool, // touches money, secrets or customer data
  },
}

// Acting alone: trusted, and for sensitive actions evaluated within the week.
let autonomous = trusted and (current_eval or not action.sensitive)

permit act_alone
  when autonomous
  because "Trusted agents act on their own"

escalate supervised to "operator"
  when probation
  unless autonomous
  because "Agents on probation act under supervision"

forbid refused
  when untrusted
  because "Agents below every trust tier do not act"

forbid sensitive_when_degraded
  when action.sensitive and degraded
  because "Sensitive actions need at least an established agent"

forbid sensitive_when_disputed
  when action.sensitive and disputed
  because "No sensitive actions while a dispute is open"

test "a trusted agent acts alone" {
  input = {
    action: { sensitive: false },
    trust: { score: 0.9, eval_age: 86400, open_disputes: 0, incidents: 0 },
  }
  expect permit by act_alone
}

test "a trusted agent evaluated this week acts alone on sensitive actions" {
  input = {
    action: { sensitive: true },
    trust: { score: 0.9, eval_age: 6d, open_disputes: 0, incidents: 0 },
  }
  expect permit by act_alone
}

test "a trusted agent evaluated two weeks ago needs an operator for sensitive actions" {
  input = {
    action: { sensitive: true },
    trust: { score: 0.9, eval_age: 14d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by supervised
}

test "an agent on probation needs an operator" {
  input = {
    action: { sensitive: false },
    trust: { score: 0.5, eval_age: 86400, open_disputes: 2, incidents: 0 },
  }
  expect escalate by supervised
}

test "an operator's approval lets an agent on probation act" {
  input = {
    action: { sensitive: false },
    trust: { score: 0.5, eval_age: 86400, open_disputes: 2, incidents: 0 },
    approval: { by: "dana", role: "operator" },
  }
  expect permit by supervised
}

test "an agent on probation may not act on sensitive data, even with an operator" {
  input = {
    action: { sensitive: true },
    trust: { score: 0.5, eval_age: 86400, open_disputes: 0, incidents: 0 },
    approval: { by: "dana", role: "operator" },
  }
  expect forbid by sensitive_when_degraded
}

test "one open dispute keeps an established agent away from sensitive actions" {
  input = {
    action: { sensitive: true },
    trust: { score: 0.7, eval_age: 86400, open_disputes: 1, incidents: 0 },
  }
  expect forbid by sensitive_when_disputed
}

test "one incident drops a trusted score to probation" {
  input = {
    action: { sensitive: false },
    trust: { score: 0.95, eval_age: 86400, open_disputes: 0, incidents: 1 },
  }
  expect escalate by supervised
}

test "a stale evaluation drops every tier" {
  input = {
    action: { sensitive: false },
    trust: { score: 0.95, eval_age: 8640000, open_disputes: 0, incidents: 0 },
  }
  expect forbid by refused
}

test "a score outside 0..1 is invalid input" {
  input = {
    action: { sensitive: false },
    trust: { score: 1.5, eval_age: 0, open_disputes: 0, incidents: 0 },
  }
  expect forbid by invalid_input
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}

property "a stale evaluation is refused" {
  given stale_eval
  expect forbid
}

property "sensitive actions are refused to agents with incidents" {
  given action.sensitive and has_incidents
  expect forbid
}

property "agents with something against them never act alone" {
  given not clean_record and not has approval
  expect escalate or forbid
}

property "only an evaluation from the last week acts alone on sensitive actions" {
  given action.sensitive and not current_eval and not has approval
  expect escalate or forbid
}

property "established agents with a clean record are never refused ordinary actions" {
  given not action.sensitive and established
  expect permit or escalate
}
