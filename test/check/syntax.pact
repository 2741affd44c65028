// Syntax errors flow through `checkSource`, and do not cascade into checker errors.
let x = 1   // ### P1007@1
permit p when x > 1 because "y"
---
pact t version "1.0.0"
permit p when because "y"   // ### P1001@15 "expected an expression"
---
pact t version "1.0.0"
let s = "abc
// ###^ P1002@9 "unterminated string"
---
pact t version "1.0.0"
input { a: int }
permit p to "lead" when a > 1 because "y"   // ### P1013@10
---
pact t version "1.0.0"
input { a: int }
let x = 1 + )   // ### P1001@13
permit p when a > x because "y"
---
// A syntax error inside `input` must not make the checker call a declared field unknown.
pact t version "1.0.0"
input { action: { tool: string, n: int },
  trust: { score: number = 1,   // ### P1001@26 "expected `,` or `}`, found `=`"
    age: duration, }, }
permit r when action.tool == "a" and trust.age > 5d because "x"
---
pact t version "1.0.0"
input { action: { tool: strin g, n: int },   // ### P1001@31 "expected `,` or `}`, found `g`"
  trust: { score number } }   // ### P1001@18 "expected `:`, found `number`"
permit r when action.n > 1 because "x"
---
// After an error inside a test, its `expect permit` is not read as a rule.
pact t version "1.0.0"
input { action: { n: int } }
permit r when action.n > 1 because "x"
test "t" { input = { action: { n: } } expect permit }   // ### P1001@35 "expected a value"
test "u" { input = { action: { n: } }   // ### P1001@35
  expect permit by r
}
---
pact t version "1.0.0"
input { action: { n: int } }
permit r when action.n > 1 because "x"
property "p" {
  given   // ### P1001@8 "expected an expression, found `expect`"
  expect forbid or permit
}
---
// A data block recovers the same way; later fields stay declared.
pact t version "1.0.0"
input { action: { n: number } }
data {
  limit: number = 5 5,   // ### P1001@21 "expected `,` or `}`, found `5`"
  cap number = 3,   // ### P1001@7 "expected `:`, found `number`"
  floor: number = 1,
}
permit r when action.n > data.floor and action.n < data.limit because "x"
