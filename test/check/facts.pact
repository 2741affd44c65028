// Conditions that can never hold (warnings) and unused lets.
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score > 5 and trust.score < 3 because "x"   // ### P2060@35 "`trust.score < 3` contradicts `trust.score > 5`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score == 1 and trust.score == 2 because "x"   // ### P2060@36 "can never hold"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score >= 10 and trust.score <= 9 because "x"   // ### P2060@37
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score == 1 and trust.score != 1 because "x"   // ### P2060@36
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p
  when trust.score > 0.8
  when trust.score < 0.3   // ### P2060@8 "`trust.score < 0.3` contradicts `trust.score > 0.8`"
  because "x"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when 5 < trust.score and trust.score < 3 because "x"   // ### P2060@35
---
pact t version "1.0.0"
input { trust: { n: int } }
permit p when trust.n > 1 and trust.n < 2 because "x"   // ### P2060@31
---
pact t version "1.0.0"
input { trust: { x: number } }
permit p when trust.x > 1 and trust.x < 2 because "x"
---
pact t version "1.0.0"
input { trust: { eval_age: duration } }
permit p when trust.eval_age > 30d and trust.eval_age < 1d because "x"   // ### P2060@40
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score > -1 and trust.score < -2 because "x"   // ### P2060@36
---
pact t version "1.0.0"
enum Category { read, pay }
input { action: { category: Category } }
permit p when action.category == "read" and action.category == "pay" because "x"   // ### P2060@45 "`action.category == \"pay\"` contradicts `action.category == \"read\"`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool in ["a", "b"] and action.tool == "c" because "x"   // ### P2060@45
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool in ["a", "b"] and action.tool != "a" and action.tool != "b" because "x"   // ### P2060@68 "contradicts `action.tool in [\"a\", \"b\"]`"
---
pact t version "1.0.0"
input { trust: { ok: bool } }
permit p when trust.ok and not trust.ok because "x"   // ### P2060@28
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool in [] because "x"   // ### P2060@15 "looks in an empty list"
---
// Only conjunctions: `or`, `not` and separate rules never contradict.
pact t version "1.0.0"
input { trust: { score: number } }
permit a when trust.score > 5 or trust.score < 3 because "x"
permit b when trust.score > 5 because "x"
permit c when trust.score < 3 unless trust.score > 5 because "x"
permit d when not (trust.score > 5 and trust.score > 6) because "x"
---
// Reported once per location, in the innermost conjunction.
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score > 5 and (trust.score < 3 and trust.score < 2) because "x"   // ### P2060@36
---
pact t version "1.0.0"
input { trust: { score: number } }
let never = trust.score > 5 and trust.score < 3   // ### P2060@33
permit p when never because "x"
---
pact t version "1.0.0"
input { trust: { score: number } }
property "p" {
  given trust.score > 1 and trust.score < 0   // ### P2060@29
  expect permit
}
---
pact t version "1.0.0"
input { trust: { score: number } }
let unused = trust.score > 1   // ### P2062@5 "let `unused` is never used"
let used = trust.score > 2
permit p when used because "x"
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when action.n in [1, 2] and action.n == 3 because "x"   // ### P2060@38 "`action.n == 3` contradicts `action.n in [1, 2]`"
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when action.n in [1, 2] and action.n > 5 because "x"   // ### P2060@38
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when action.n in [1, 2] and action.n > 1 and action.n != 1 because "x"
---
pact t version "1.0.0"
input { action: { n: int } }
permit p when action.n in [1.5, 2] and action.n != 2 because "x"   // ### P2060@40
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when trust.score > 1.5 because "x"   // ### P2060@15 "`trust.score` is declared `@range(0, 1)`"
---
pact t version "1.0.0"
input { trust: { age: duration @range(0s, 30d) } }
permit p when trust.age > 31d because "x"   // ### P2060@15 "declared `@range(0s, 30d)`"
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when trust.score >= 1 and trust.score <= 1 because "x"
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when trust.score > 0.5 and trust.score < 0.2 because "x"   // ### P2060@37 "`trust.score < 0.2` contradicts `trust.score > 0.5`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score > 0.9 and not (trust.score > 0.5) because "x"   // ### P2060@37 "`not (trust.score > 0.5)` contradicts `trust.score > 0.9`"
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when not (trust.score > 0.5) and trust.score > 0.1 because "x"
---
pact t version "1.0.0"
input { action: { kind: string } }
permit p when not (action.kind == "a") and action.kind == "a" because "x"   // ### P2060@44
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when not (action.n in [1, 2]) and action.n == 2 because "x"   // ### P2060@44 "contradicts `not (action.n in [1, 2])`"
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when not (action.n in [1, 2]) and action.n == 3 because "x"
---
pact t version "1.0.0"
input { action: { n: number } }
permit p when not (action.n > 1 and action.n < 5) and action.n == 3 because "x"
---
// `not` of more than one comparison is not the opposite of one of them.
pact t version "1.0.0"
input { action: { amount: number, tool: string, flag: bool }, approval?: { by: string } }
data { trusted_tools: set<string> = [] }
permit a when action.amount > 1000 and not (action.amount > 1000 and has approval) because "x"
permit b when action.amount > 1000 and not (action.amount > 1000 and action.tool in data.trusted_tools) because "x"
permit c when action.flag and not (action.flag and starts_with(action.tool, "safe.")) because "x"
permit d when action.amount > 1000 and not (action.amount > 1000 or action.flag) because "x"
---
pact t version "1.0.0"
input { trust: { score: number @range(0, 1) } }
permit p when not (trust.score >= 0) and trust.score < 0.5 because "x"   // ### P2060@15 "`trust.score` is declared `@range(0, 1)`"
---
pact t version "1.0.0"
input { trust: { n: int @range(0, 100) } }
permit p when trust.n == 0.5 because "x"   // ### P2060@15 "`trust.n` is an `int`"
permit q when trust.n in [0.5, 1.5] because "x"   // ### P2060@15 "`trust.n` is an `int`"
permit r when not (5 < trust.n) and trust.n > 5 because "x"   // ### P2060@37
