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
input { action: { tool: strin g, n: int },   // ### P2003@25 "unknown type `strin`" ### P1001@31 "expected `,` or `}`, found `g`"
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
---
// A misspelled keyword does not hide the errors of the declaration before it.
pact t version "1.0.0"
input { action: { tool: strng, amount: number @rnage(0, 1) } }   // ### P2003@25 ### P2051@47
permt a when action.tool == "x" because "y"   // ### P1001@1 "expected a declaration, found `permt`"
---
// One bad field does not hide the others' errors.
pact t version "1.0.0"
input { action: { tool: strng, name: "bob", n: int } }   // ### P2003@25 ### P1001@38 "expected a type"
permit a when action.n > 1 because "y"
---
// A name in a broken rule does not excuse an unknown field elsewhere.
pact t version "1.0.0"
input { action: { tool: string }, trust: { score: number } }
permit a when trust.score > 0.5 and action.tool = "x" because "y"   // ### P1001@49
forbid b when action.score < 0.1 because "z"   // ### P2002@22 "unknown field `score` on `action`"
---
pact t version "1.0.0"
input { action: { tool: string }, trust: { score number } }   // ### P1001@50 "expected `:`, found `number`"
permit a when trust.score > 0.5 because "y"
---
// An unterminated string eats its line's brackets: only the P1002 is reported.
pact t version "1.0.0"
input { action: { owner: string @doc("the owner), size: int }, trust: { score: number } }
// ###^ P1002@38
data { tags: list<string> = ["a", "b", "c], limit: number = 5 }
// ###^ P1002@40
permit a when trust.score > 0.5 because "y"
test "t" { input = { action: { owner: "x, size: 5 } } expect permit by a }
// ###^ P1002@39
---
// An unexpected character is reported once, not again by the parser.
pact t version "1.0.0"
input { action: { tool: string, # the tool   // ### P1004@33
  n: int; m: int; } }   // ### P1004@9 ### P1004@17
permit a when action.n > 1 because "y"
---
pact t version "1.0.0"
input { action: { tool: string, /* never closed   // ### P1003@33
  n: int } }
permit a when action.n > 1 because "y"
---
pact t version 1.0.0   // ### P1005@16 "invalid number `1.0.0`"
input { a: int }
---
pact my-agent version "1.0.0"   // ### P1001@8 "expected `version`, found `-`"
input { a: int }
---
pact t version "1.0.0"
input { trust: { open-disputes: int } }   // ### P1001@22 "expected `:`, found `-`"
---
// A module that does not load is reported once, not once per name it would have declared.
pact t version "1.0.0"
use std.trsut   // ### P2005@1
input { trust: { score: number } }
permit a when trusted because "x"
---
pact t version "1.0.0"
enum Cat { "read", write }   // ### P1001@12 "expected a member name, found `\"read\"`"
input { action: { c: Cat } }
permit a when action.c == "write" because "x"
---
pact t version "1.0.0"
enum Cat { read, write,   // ### P1001@24 "expected `}`, found `input`"
input { action: { c: Cat } }
permit a when action.c == "write" because "x"
---
pact t version "1.0.0"
enum Effect { permit, forbid, escalate }
input { action: { e: Effect } }
permit a when action.e == "permit" because "x"
