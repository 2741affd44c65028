// `use`: standard and file modules, merging, clashes and cycles.
pact t version "1.0.0"
use std.trust
use std.categories
input { action: { tool: string } }
permit p when moves_money and trusted and trust.score > 0.9 and action.tool == "x" because "x"
---
pact t version "1.0.0"
use std.trsut   // ### P2005@1 "unknown standard library module `std.trsut`"
---
pact t version "1.0.0"
use "./modules/missing.pact"   // ### P2006@1 "module not found `./modules/missing.pact`"
---
pact t version "1.0.0"
use "./modules/common.pact"
input { action: { category: string } }
permit p when stripe and has action.amount and action.amount < 5 and action.category == "pay" because "x"
---
// The library's rules are not imported.
pact t version "1.0.0"
use "./modules/common.pact"
permit p when stripe because "x"
test "t" {
  input = { action: { tool: "stripe.refund" } }
  expect permit by lib_rule   // ### P2044@20 "unknown rule `lib_rule`"
}
---
pact t version "1.0.0"
use std.trust
input { trust: { score: int } }   // ### P2020@18 "conflicting declarations of input field `trust.score`"
---
pact t version "1.0.0"
use std.trust
let trusted = true   // ### P2010@5 "duplicate let `trusted`"
permit p when trusted because "x"
---
pact t version "1.0.0"
use std.categories
enum Category { read, write }   // ### P2010@6 "duplicate enum `Category`"
---
pact t version "1.0.0"
use std.trust
let trust = 1   // ### P2014@5
---
// Cycles of `use` load each module once.
pact t version "1.0.0"
use "./modules/cycle_a.pact"
permit p when a_flag and b_flag because "x"
---
// What a library uses is visible to its users too.
pact t version "1.0.0"
use "./modules/tiers.pact"
permit p when senior and trusted and probation because "x"
---
// Using a module twice is harmless.
pact t version "1.0.0"
use std.trust
use std.trust
use "./modules/tiers.pact"
permit p when senior because "x"
---
pact t version "1.0.0"
use std.categories
permit p when action.category == "money_movment" because "x"   // ### P2025@34 "`\"money_movment\"` is not a member of enum `Category`"
---
// A library's data fields come along with its lets.
pact t version "1.0.0"
use "./modules/tiers.pact"
permit p when senior and trust.open_disputes <= data.senior_incidents because "x"
---
pact t version "1.0.0"
use "./modules/tiers.pact"
data { senior_incidents: int = 2 }   // ### P2012@8 "duplicate data field `senior_incidents`"
---
// A failed `use` hides only what a module could have declared.
pact t version "1.0.0"
use "./modules/missing.pact"   // ### P2006@1
enum Kind { read, write }
input { action: { kind: Kind }, trust: { score: number } }
permit a when action.kind == "wrte" and trust.scroe > 1 and lib_let because "x"   // ### P2025@30 ### P2002@47
