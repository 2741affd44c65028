// Typing: conditions, comparisons, collections, enums, arithmetic and data defaults.
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score because "x"   // ### P2021@15 "condition `trust.score` is a `number`, not a `bool`"
---
pact t version "1.0.0"
let limit = 5
permit p when limit because "x"   // ### P2021@15 "condition `limit` is an `int`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when true and trust.score because "x"   // ### P2021@24
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when not action.tool because "x"   // ### P2021@19 "is a `string`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when true unless action.tool because "x"   // ### P2021@27
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool < "m" because "x"   // ### P2022@27 "`<` cannot compare a `string` with a `string`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool == 5 because "x"   // ### P2022@27 "`==` cannot compare a `string` with an `int`"
---
pact t version "1.0.0"
enum Category { read, pay }
input { action: { tool: string, category: Category } }
permit p when action.category == action.tool because "x"   // ### P2022@31 "cannot compare a `Category` with a `string`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action == action because "x"   // ### P2022@22 "cannot compare a record with a record"
---
pact t version "1.0.0"
input { action: { tags: set<string> } }
permit p when action.tags != [] because "x"   // ### P2022@27 "`!=` cannot compare a `set<string>`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when "x" in action.tool because "x"   // ### P2023@22 "the right side of `in` must be a set or list, not a `string`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when all x in trust.score: x > 1 because "x"   // ### P2023@24 "the collection of `all` must be a set or list"
---
pact t version "1.0.0"
permit p when any x in []: x > 1 because "x"   // ### P2023@24 "`any` over an empty list"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool in [1, 2] because "x"   // ### P2020@30 "must be a set or list of `string`, not a `list<int>`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool in ["a", 1] because "x"   // ### P2020@36 "list elements must be of one type"
---
pact t version "1.0.0"
input { action: { n: int }, limits: { ids: set<string> } }
permit p when action.n in limits.ids because "x"   // ### P2020@27 "set or list of `int`, not a `set<string>`"
---
pact t version "1.0.0"
input { action: { tags: list<string> } }
permit p when action.tags in [["a"]] because "x"   // ### P2022@27 "`in` cannot compare a `list<string>`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when trust.score matches "0.*" because "x"   // ### P2020@15 "the subject of `matches` must be a `string`, not a `number`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool matches 5 because "x"   // ### P2020@35 "the pattern of `matches`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when starts_with(trust.score, "0") because "x"   // ### P2020@27 "the first argument of `starts_with` must be a `string`, not a `number`"
---
pact t version "1.0.0"
enum Category { read, pay }
input { action: { category: Category } }
permit p when lower(action.category) == "read" because "x"   // ### P2020@21 "must be a `string`, not a `Category`"
---
pact t version "1.0.0"
input { trust: { score: number } }
permit p when len(trust.score) > 1 because "x"   // ### P2020@19 "must be a `string`, set or list"
---
pact t version "1.0.0"
enum Category { read, state_mutation, money_movement }
input { action: { category: Category } }
permit p when action.category == "raed" because "x"   // ### P2025@34 "`\"raed\"` is not a member of enum `Category`"
---
pact t version "1.0.0"
enum Category { read, state_mutation, money_movement }
input { action: { category: Category } }
permit p when "money_movment" != action.category because "x"   // ### P2025@15 "not a member of enum `Category`"
---
pact t version "1.0.0"
enum Category { read, state_mutation, money_movement }
input { action: { category: Category } }
permit p when action.category in ["read", "statemutation"] because "x"   // ### P2025@43
---
pact t version "1.0.0"
enum Category { read, pay }
input { action: { category: Category } }
data { allowed: set<Category> = ["read"] }
permit p when "pya" in data.allowed because "x"   // ### P2025@15 "`\"pya\"`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when action.tool + 1 > 2 because "x"   // ### P2026@15 "`+` needs numbers, not a `string`"
---
pact t version "1.0.0"
input { action: { tool: string } }
permit p when -action.tool > 2 because "x"   // ### P2026@16 "`-` needs numbers"
---
pact t version "1.0.0"
input { trust: { ok: bool } }
permit p when trust.ok * 2 > 1 because "x"   // ### P2026@15 "`*` needs numbers, not a `bool`"
---
pact t version "1.0.0"
data { limit: int = 1.5 }   // ### P2027@21 "`data.limit` must be an int"
---
pact t version "1.0.0"
enum Category { read, pay }
data { default_category: Category = "reed" }   // ### P2027@37 "`data.default_category` must be one of"
---
pact t version "1.0.0"
data { limits: { max: number, min: number } = { max: 5 } }   // ### P2027@47 "`data.limits.min` is required"
---
pact t version "1.0.0"
data { ratio: number @range(0, 1) = 2 }   // ### P2027@37 "`data.ratio` must be between 0 and 1"
---
pact t version "1.0.0"
data { tools: set<string> = ["a", 2] }   // ### P2027@35 "`data.tools[1]` must be a string"
---
pact t version "1.0.0"
data { limits: { max: number } = { max: 5, mx: 1 } }   // ### P2027@44 "`data.limits.mx` is not declared"
---
// Numbers mix freely; durations are numbers of seconds.
pact t version "1.0.0"
input { trust: { score: number, eval_age: duration, disputes: int }, action: { tags: list<string>, tool: string } }
data { max_age: duration = 30d, factor: int = 2 }
let fresh = trust.eval_age + 1d <= data.max_age and trust.eval_age * 2 < 60d
let scaled = trust.score * data.factor / 2 >= trust.disputes - 1
let tagged = len(action.tags) > 0 and any t in action.tags: starts_with(lower(t), "x")
let named = action.tool matches "stripe.*" and contains(action.tool, ".") and ends_with(action.tool, "und")
let listed = trust.disputes in [0, 1.5, 2] and trust.score in [0.5, 1]
permit p when fresh and scaled and tagged and named and listed because "x"
---
pact t version "1.0.0"
input { trust: { score: number } }
property "p" {
  given trust.score + 1   // ### P2021@9 "condition `trust.score + 1` is a `number`"
  expect forbid
}
---
pact t version "1.0.0"
data { ratio: number @range(0.0, 1.50) = 2 }   // ### P2027@42 "`data.ratio` must be between 0.0 and 1.50"
---
pact t version "1.0.0"
input { action: { n: int } }
permit p when action.n > 1 and all x in []: x > 1 because "x"   // ### P2023@41 "`all` over an empty list"
