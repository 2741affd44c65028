// Tests of std.trust: the tiers decide a typical supervision policy.
//
// Trusted agents act alone, agents on probation act under a human operator, and agents below
// every tier are refused. Degrading a signal only ever moves an agent down this ladder, which
// `pactc test` checks as the built-in "trust is monotone" property.
pact trust_test version "1.0.0"

use std.trust

permit act_alone
  when trusted
  because "Trusted agents act on their own"

escalate supervised to "operator"
  when probation
  unless trusted
  because "Agents on probation act under supervision"

forbid refused
  when untrusted
  because "Agents below every trust tier do not act"

test "a trusted agent acts alone" {
  input = { trust: { score: 0.9, eval_age: 86400, open_disputes: 0, incidents: 0 } }
  expect permit by act_alone
}

test "an agent on probation needs an operator" {
  input = { trust: { score: 0.5, eval_age: 86400, open_disputes: 2, incidents: 0 } }
  expect escalate by supervised
}

test "an operator's approval lets an agent on probation act" {
  input = { trust: { score: 0.5, eval_age: 86400, open_disputes: 2, incidents: 0 },
            approval: { by: "dana", role: "operator" } }
  expect permit by supervised
}

test "a stale evaluation drops every tier" {
  input = { trust: { score: 0.95, eval_age: 8640000, open_disputes: 0, incidents: 0 } }
  expect forbid by refused
}

test "a score outside 0..1 is invalid input" {
  input = { trust: { score: 1.5, eval_age: 0, open_disputes: 0, incidents: 0 } }
  expect forbid by invalid_input
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}
