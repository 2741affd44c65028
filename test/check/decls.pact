// Rules, versions, tests and properties.
pact t version "1.0.0"
permit p when true because "x"
forbid p when true because "y"   // ### P2011@8 "duplicate rule `p`"
---
pact t version "1.0.0"
forbid default_deny when true because "y"   // ### P2011@8 "rule id `default_deny` is reserved"
---
pact t version "1.0.0"
permit p when true   // ### P2040@8 "rule `p` has no `because`"
---
pact t version "1.0.0"
permit p when true because ""   // ### P2040@28 "empty `because`"
---
pact t version "1.0.0"
forbid f when true grant "stripe" scope "refunds:write" ttl 5m because "x"   // ### P2041@20 "forbid rule `f` cannot grant a secret"
---
pact t version "1.0.0"
escalate e when true because "x"   // ### P2042@10 "escalate rule `e` names no approver role"
---
pact t version "1.2"   // ### P2043@16 "`\"1.2\"` is not a semantic version"
---
pact t version "v1.0.0"   // ### P2043@16
---
pact t version "1.0.0-beta.1+build.5"
---
pact t version "01.0.0"   // ### P2043@16
---
pact t version "1.0.0"
input { a: int }
permit small when a < 5 because "x"
test "small" {
  input = { a: 1 }
  expect permit by smal   // ### P2044@20 "test \"small\" names unknown rule `smal`"
}
---
pact t version "1.0.0"
input { a: int }
forbid huge when a > 5 because "x"
test "huge" {
  input = { a: 9 }
  expect permit by huge   // ### P2046@20 "forbid rule `huge` cannot give a permit decision"
}
---
pact t version "1.0.0"
input { a: int }
permit small when a < 5 because "x"
test "t" {
  input = { a: 9 }
  expect permit by default_deny   // ### P2046@20 "`default_deny` cannot give a permit decision"
}
---
pact t version "1.0.0"
input { a: int }
permit small when a < 5 because "x"
test "t" {   // ### P2047@6 "test \"t\" has no `expect`"
  input = { a: 9 }
}
---
pact t version "1.0.0"
input { a: int }
permit small when a < 5 because "x"
test "t" {   // ### P2047@6 "has no `input`"
  expect permit
}
---
pact t version "1.0.0"
input { action: { amount: number, tool: string } }
permit p when action.amount < 5 because "x"
test "t" {
  input = { action: { amount: "5", tool: "x" } }   // ### P2045@31 "`input.action.amount` must be a number"
  expect permit by p
}
---
// A test about a malformed input is fine when it expects exactly that.
pact t version "1.0.0"
input { action: { amount: number } }
permit p when action.amount < 5 because "x"
test "t" {
  input = { action: { amount: "5" } }
  expect forbid by invalid_input
}
---
pact t version "1.0.0"
input { action: { amount?: number, tool: string } }
permit p when has action.amount and action.amount < 5 because "x"
test "t" {
  input = { action: { amuont: 1, tool: "x", extra: true } }   // ### P2045@23 "`input.action.amuont` is not declared"
  expect permit by p
}
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when trust.score > 0.5 because "x"
test "t" {
  input = { trust: { score: 1.5 } }   // ### P2045@29 "must be between 0 and 1"
  expect permit by p
}
---
pact t version "1.0.0"
input { a: int }
data { limit: int = 5 }
permit p when a < data.limit because "x"
test "t" {
  input = { a: 1 }
  data = { limt: 1, kill_switch: true }   // ### P2045@12 "`data.limt` is not declared and is ignored"
  expect forbid by kill_switch
}
---
pact t version "1.0.0"
input { a: int }
data { limit: int = 5 }
permit p when a < data.limit because "x"
test "t" {
  input = { a: 1 }
  data = { limit: "high" }   // ### P2045@19 "`data.limit` must be an int"
  expect permit by p
}
---
// Escalate rules explain permit decisions when satisfied; pseudo-rules explain forbids.
pact t version "1.0.0"
input { a: int }
escalate e to "lead", "cfo" when a > 5 because "x"
test "approved" {
  input = { a: 9, approval: { by: "ann", role: "lead" } }
  expect permit by e
}
test "pending" { input = { a: 9 } expect escalate by e }
test "nothing" { input = { a: 1 } expect forbid by default_deny }
property "bounded" { given a > 5 expect escalate or permit }
---
pact t version "1.0.0"
input { a: int }
permit p when a > 1 because "x"
test "t" {
  input = [1, 2]   // ### P2045@11 "`input` must be an object"
  expect permit by p
}
---
// Escalate rules may grant secrets; every rule kind may have no condition at all.
pact t version "1.0.0"
escalate e to "lead" grant "stripe" scope "refunds:write" ttl 5m because "x"
forbid f because "y"
