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
