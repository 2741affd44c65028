// Tests of std.categories: each category let on a typical triage policy.
pact categories_test version "1.0.0"

use std.categories

permit reads
  when is_read
  because "Reads are low risk"

escalate risky to "supervisor"
  when high_risk
  because "Irreversible actions need a supervisor"

test "a read is permitted" {
  input = { action: { category: "read" } }
  expect permit by reads
}

test "a payout is escalated" {
  input = { action: { category: "money_movement" } }
  expect escalate by risky
}

test "a state change is not permitted by default" {
  input = { action: { category: "state_mutation" } }
  expect forbid by default_deny
}

test "a category outside the enum is invalid input" {
  input = { action: { category: "teleport" } }
  expect forbid by invalid_input
}

property "irreversible actions are never permitted without a supervisor" {
  given (moves_money or communicates_externally or retrieves_privileged) and not has approval
  expect escalate or forbid
}
