// Schemas: annotations, duplicate and conflicting fields, built-ins.
pact t version "1.0.0"
input { a: string @trust(higher) }   // ### P2050@19 "`@trust` applies to numbers and bools, not a `string`"
---
pact t version "1.0.0"
input { a: list<int> @range(0, 5) }   // ### P2050@22 "`@range` applies to numbers, not a `list<int>`"
---
pact t version "1.0.0"
data { limit: number @trust(higher) = 5 }   // ### P2050@22 "`@trust` marks input fields, not data fields"
---
pact t version "1.0.0"
input { a: string @sensitiv }   // ### P2051@19 "unknown annotation `@sensitiv`"
---
pact t version "1.0.0"
input { a: number @trust(up) }   // ### P2052@19 "a numeric trust signal takes `higher` or `lower`"
---
pact t version "1.0.0"
input { a: bool @trust(higher) }   // ### P2052@17 "a bool trust signal takes `true` or `false`"
---
pact t version "1.0.0"
input { a: number @range(1) }   // ### P2052@19 "takes two numbers"
---
pact t version "1.0.0"
input { a: number @range(1, 0) }   // ### P2052@19 "the lower bound 1 is greater than the upper bound 0"
---
pact t version "1.0.0"
input { a: number @sensitive(true) }   // ### P2052@19 "takes no arguments"
---
pact t version "1.0.0"
input { a: number @range(0, 1) @range(0, 2) }   // ### P2053@32 "duplicate annotation `@range`"
---
// Every annotation in its place.
pact t version "1.0.0"
input {
  trust: {
    score: number @trust(higher) @range(0, 1),
    age: duration @trust(lower) @range(0, 30d),
    verified: bool @trust(true),
    flagged: bool @trust(false),
    disputes: int @trust(lower) @range(-1, 10),
  },
  user: { email: string @sensitive, ids: set<string> @sensitive },
}
data { ratio: number @range(0, 1) @sensitive = 0.5 }
---
pact t version "1.0.0"
input { a: int, b: string, a: int }   // ### P2012@28 "duplicate field `a`"
---
pact t version "1.0.0"
input { action: { tool: string, tool: string } }   // ### P2012@33 "duplicate field `tool`"
---
pact t version "1.0.0"
data { limit: int = 1, limit: int = 2 }   // ### P2012@24 "duplicate data field `limit`"
---
pact t version "1.0.0"
data { revoked: set<string> = ["a"] }   // ### P2012@8 "duplicate data field `revoked`"
---
pact t version "1.0.0"
input { a: int }
input { a: string }   // ### P2020@9 "conflicting declarations of input field `a`"
---
pact t version "1.0.0"
input { action: { amount: number } }
input { action: { amount?: number } }   // ### P2020@19 "conflicting declarations of input field `action.amount`"
---
pact t version "1.0.0"
input { trust: { score: number @trust(higher) } }
input { trust: { score: number @trust(lower) } }   // ### P2020@18 "`trust.score`"
---
// Input blocks merge field by field, records recursively.
pact t version "1.0.0"
input { action: { tool: string }, trust: { score: number @trust(higher) } }
input { action: { amount?: number }, trust: { score: number @range(0, 1) } }
permit p when has action.amount and action.tool == "x" and trust.score > action.amount because "x"
---
pact t version "1.0.0"
input { approval?: { by: string, role: int } }   // ### P2020@34 "conflicting declarations of input field `approval.role`"
---
pact t version "1.0.0"
input { approval?: { by: string, role: string } }
escalate e to "lead" when has approval and approval.by == "ann" because "x"
---
pact t version "1.0.0"
data { limit: number }   // ### P2027@8 "data field `limit` has no default"
---
pact t version "1.0.0"
data { flags: { on: bool, note?: string } = { on: true }, tags: list<string> = [] }
permit p when data.flags.on and len(data.tags) == 0 and not data.kill_switch and not ("x" in data.revoked) because "x"
