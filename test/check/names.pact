// Names: unknown names, fields, types and functions; duplicate and cyclic declarations.
pact t version "1.0.0"
input { trust: { score: number, eval_age: duration } }
permit p when trust.scor >= 0.8 because "x"   // ### P2002@21 "unknown field `scor` on `trust`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trsut.score > 0.5 because "x"   // ### P2001@15 "unknown name `trsut`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when input.trust.scor > 0.5 because "x"   // ### P2002@27 "unknown field `scor` on `input.trust`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when input.trsut.score > 0.5 because "x"   // ### P2002@21 "unknown field `trsut` on `input`"
---
pact t version "1.0.0"
input { trust: { score: number } }
data { limit: number = 5 }
permit p when trust.score > data.limt because "x"   // ### P2002@34 "unknown field `limt` on `data`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score.value > 1 because "x"   // ### P2002@27 "`trust.score` is a `number` and has no fields"
---
pact t version "1.0.0"
enum Category { read, pay }
input { action: { category: Category } }
permit p when Category == "read" because "x"   // ### P2001@15 "unknown name `Category`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when lenght(action.tool) > 3 because "x"   // ### P2004@15 "unknown function `lenght`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when starts_with(action.tool) because "x"   // ### P2024@15 "`starts_with` takes 2 arguments, not 1"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when lower(action.tool, "x") == "y" because "x"   // ### P2024@15 "`lower` takes 1 argument, not 2"
---
pact t version "1.0.0"
input { a: strin }   // ### P2003@12 "unknown type `strin`"
---
pact t version "1.0.0"
input { a: set }   // ### P2003@12 "unknown type `set`"
---
pact t version "1.0.0"
input { a: list<Colour> }   // ### P2003@17 "unknown type `Colour`"
---
pact t version "1.0.0"
let a = true
let a = false   // ### P2010@5 "duplicate let `a`"
permit p when a because "x"
---
pact t version "1.0.0"
enum E { x }
enum E { y }   // ### P2010@6 "duplicate enum `E`"
---
pact t version "1.0.0"
enum int { a }   // ### P2010@6 "duplicate enum `int`"
---
pact t version "1.0.0"
enum Category { read, pay, read }   // ### P2013@28 "duplicate enum member `read`"
---
pact t version "1.0.0"
input { trust: { score: number } }
let trust = 1   // ### P2014@5 "let `trust` has the name of the input field `trust`"
---
pact t version "1.0.0"
let approval = true   // ### P2014@5 "input field `approval`"
---
pact t version "1.0.0"
let a = b and true   // ### P2015@5 "let cycle: `a → b → a`"
let b = a
permit p when a because "x"
---
pact t version "1.0.0"
let a = not a   // ### P2015@5 "let cycle: `a → a`"
permit p when a because "x"
---
pact t version "1.0.0"
let a = b
let b = c and true   // ### P2015@5 "let cycle: `b → c → b`"
let c = b
permit p when a because "x"
---
// A quantifier variable shadows an input field of the same name inside its body.
pact t version "1.0.0"
input { trust: { score: number }, action: { tags: list<string> } }
permit p when any trust in action.tags: trust == "x" because "x"
---
pact t version "1.0.0"
input { action: { tags: list<string> } }
permit p when any t in action.tags: tt == "x" because "x"   // ### P2001@37 "unknown name `tt`"
---
// The variable is not in scope after its quantifier.
pact t version "1.0.0"
input { action: { tags: list<string> } }
permit p when (any t in action.tags: t == "x") and t == "y" because "x"   // ### P2001@52 "unknown name `t`"
