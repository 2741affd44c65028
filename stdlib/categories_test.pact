// Tests of std.categories: each category and risk let on a typical triage policy.
//
// Reads are permitted, state changes need a team lead, high-risk actions a supervisor, and
// critical ones are refused outright. Because the risk lets are "at least" predicates, each
// rule names the level it starts at and excludes the levels above with `unless`.
pact categories_test version "1.1.0"

use std.categories

permit reads
  when low_risk
  because "Reads are low risk"

escalate changes to "team-lead"
  when medium_risk
  unless high_risk
  because "State changes need a team lead"

escalate risky to "supervisor"
  when high_risk
  unless critical
  because "Irreversible actions need a supervisor"

forbid critical_actions
  when critical
  because "Money and secrets are out of scope for this agent"

test "a read is permitted" {
  input = { action: { category: "read" } }
  expect permit by reads
}

test "a state change needs a team lead" {
  input = { action: { category: "state_mutation" } }
  expect escalate by changes
}

test "a team lead's approval lets a state change through" {
  input = { action: { category: "state_mutation" }, approval: { by: "lee", role: "team-lead" } }
  expect permit by changes
}

test "an external message needs a supervisor" {
  input = { action: { category: "external_communication" } }
  expect escalate by risky
}

test "a payout is critical" {
  input = { action: { category: "money_movement" } }
  expect forbid by critical_actions
}

test "a secret lookup is critical, whoever approves it" {
  input = {
    action: { category: "privileged_retrieval" },
    approval: { by: "sam", role: "supervisor" },
  }
  expect forbid by critical_actions
}

test "a category outside the enum is invalid input" {
  input = { action: { category: "teleport" } }
  expect forbid by invalid_input
}

property "irreversible actions are never permitted without a supervisor" {
  given (moves_money or communicates_externally or retrieves_privileged) and not has approval
  expect escalate or forbid
}

property "critical actions are always refused" {
  given critical
  expect forbid
}

property "reads are always permitted" {
  given is_read
  expect permit
}

property "reversible changes go to a team lead" {
  given reversible and has_side_effects and not has approval
  expect escalate
}

property "irreversible, non-critical actions go to a supervisor" {
  given high_risk and not critical and not has approval
  expect escalate
}
