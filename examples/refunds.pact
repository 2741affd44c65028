// refunds.pact — an internal support agent that may move money
pact refund_agent version "1.2.0"

enum Category { read, state_mutation, money_movement, external_communication, privileged_retrieval }

input {
  action: {
    tool: string,
    category: Category,
    amount?: number,            // absent when the action moves no money
    target: string,
  },
  trust: {
    score: number @trust(higher) @range(0, 1),
    eval_age: duration @trust(lower),
    open_disputes: int @trust(lower),
  },
}

data {                          // defaults; hosts may replace them at run time
  refund_limit: number = 500,
  privileged_tools: set<string> = ["billing.lookup", "crm.export"],
}

// The one change from the spec §1 example: `open_disputes <= 0` where the spec has `== 0`. A count
// is an `int`, so -1 conforms, and `== 0` would refuse at -1 disputes what it grants at 0: less
// trust, more authority, which `pactc test` reports ("trust is monotone"). std.trust does the same.
let trusted = trust.score >= 0.8 and trust.eval_age <= 30d and trust.open_disputes <= 0
let auto_refund = has action.amount and trusted and action.amount <= data.refund_limit

permit read_only
  when action.category == "read" and trust.score >= 0.3
  because "Reads are low risk"

permit small_refund
  when action.category == "money_movement"
  when auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Trusted agents may issue small refunds"

escalate large_refund to "finance-lead"
  when action.category == "money_movement" and has action.amount and action.amount <= 10000
  unless auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Refunds above the automatic limit need a finance lead"

forbid huge_refund
  when action.category == "money_movement" and has action.amount and action.amount > 10000
  because "No agent moves more than 10,000"

permit privileged_lookup
  when action.category == "privileged_retrieval" and action.tool in data.privileged_tools
  when trust.score >= 0.7
  because "Allow-listed privileged tools for agents scoring 0.7 or more"

test "a trusted agent refunds 200 on its own" {
  input = { action: { tool: "stripe.refund", category: "money_movement", amount: 200, target: "cus_1" },
            trust: { score: 0.9, eval_age: 86400, open_disputes: 0 } }
  expect permit by small_refund
}

property "never pays out above 10,000" {
  given action.category == "money_movement" and has action.amount and action.amount > 10000
  expect forbid
}
