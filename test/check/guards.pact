// `has` guards: optional fields are read only after a `has` earlier in the same conjunction.
pact t version "1.0.0"
input { action: { amount?: number } }
permit p when action.amount > 5 because "x"   // ### P2030@15 "optional field `action.amount` is used without a `has` guard"
---
// Guards flow left to right through `and`, from `when` to later `when` and `unless` clauses,
// and into quantifier bodies; `input.` and bare paths are the same location.
pact t version "1.0.0"
input { action: { amount?: number, tags: list<string> } }
permit a when has action.amount and action.amount > 5 because "x"
permit b when has action.amount when action.amount > 5 unless action.amount > 100 because "x"
permit c when has input.action.amount and action.amount > 1 and input.action.amount < 9 because "x"
permit d when has action.amount and all t in action.tags: action.amount > len(t) because "x"
permit e when has action.amount and (action.amount > 5 or action.amount < 1) because "x"
---
pact t version "1.0.0"
input { action: { amount?: number } }
permit p when has action.amount or action.amount > 5 because "x"   // ### P2030@36
---
pact t version "1.0.0"
input { action: { amount?: number } }
permit p when not has action.amount and action.amount > 5 because "x"   // ### P2030@41
---
pact t version "1.0.0"
input { action: { amount?: number } }
permit p when action.amount > 5 when has action.amount because "x"   // ### P2030@15
---
// What an `unless` establishes holds only when the rule does not match.
pact t version "1.0.0"
input { action: { amount?: number } }
permit p unless has action.amount unless action.amount > 5 because "x"   // ### P2030@42
---
// A let is checked once for every use, so it guards its own reads.
pact t version "1.0.0"
input { action: { amount?: number } }
let big = action.amount > 1000   // ### P2030@11 "guard"
permit p when has action.amount and big because "x"
---
pact t version "1.0.0"
input { action: { meta?: { source: string, tag?: string } } }
permit a when has action.meta.tag and action.meta.source == "x" and action.meta.tag == "y" because "x"
permit b when has action.meta and action.meta.tag == "x" because "x"   // ### P2030@35 "optional field `action.meta.tag`"
---
pact t version "1.0.0"
input { action: { meta?: { source: string, tag?: string } } }
permit p when action.meta.tag == "x" because "x"   // ### P2030@15 "optional field `action.meta` is used"
---
pact t version "1.0.0"
escalate e to "lead" when approval.role == "x" because "x"   // ### P2030@27 "optional field `approval`"
---
pact t version "1.0.0"
escalate e to "lead" when has approval and approval.role == "x" because "x"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when has trust.score and trust.score > 1 because "x"   // ### P2031@19 "`has` on `trust.score`, which is never absent"
---
pact t version "1.0.0"
data { limit: number = 5 }
permit p when has data.limit because "x"   // ### P2031@19
---
pact t version "1.0.0"
input { action: { amount?: number } }
let ok = true
permit p when has ok because "x"   // ### P2032@19 "`ok` is a let"
---
pact t version "1.0.0"
input { action: { amount?: number } }
let act = action
permit p when has act.amount because "x"   // ### P2032@19 "`act` is a let"
---
// A let that names a path is an alias: guarding the path guards the let's fields.
pact t version "1.0.0"
input { action: { amount?: number } }
let act = action
permit p when has action.amount and act.amount > 5 because "x"
---
pact t version "1.0.0"
input { action: { amount?: number } }
let act = action
permit p when act.amount > 5 because "x"   // ### P2030@15 "optional field `act.amount`"
---
pact t version "1.0.0"
input { action: { items: list<{ sku: string, price?: number }> } }
permit p when any i in action.items: i.price > 5 because "x"   // ### P2030@38 "optional field `i.price`"
---
pact t version "1.0.0"
input { action: { items: list<{ sku: string, price?: number }> } }
permit p when all i in action.items: has i.price and i.price > 5 because "x"
---
// A guard inside a quantifier body does not escape it.
pact t version "1.0.0"
input { action: { amount?: number, tags: list<string> } }
permit p when (any t in action.tags: has action.amount) and action.amount > 1 because "x"   // ### P2030@61
---
pact t version "1.0.0"
input { action: { amount?: number } }
property "big" {
  given action.amount > 5   // ### P2030@9
  expect forbid
}
---
pact t version "1.0.0"
input { trust?: { score: number } }
permit p when has trust.score and trust.score > 0.5 because "x"
permit q when has trust and trust.score > 0.5 because "x"
