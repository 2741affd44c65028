# The spec example as examples/refunds.pact has it (`open_disputes <= 0`, not the spec's `== 0`)
# written by hand in Rego, for `npm run bench` to compare pactc's Wasm with OPA's own compiled
# Wasm for the same policy. Its validation is a subset of the pact's (it checks types and ranges
# of the fields the rules read), so the comparison favours OPA.

package bench.refund_agent

import rego.v1

trusted if {
	input.trust.score >= 0.8
	input.trust.eval_age <= 2592000
	input.trust.open_disputes <= 0
}

auto_refund if {
	input.action.amount
	trusted
	input.action.amount <= data.pact.refund_agent.refund_limit
}

is_revoked(s) if s in data.pact.refund_agent.revoked

categories := {"read", "state_mutation", "money_movement", "external_communication", "privileged_retrieval"}

violations contains "input.action.category must be one of ..." if not input.action.category in categories
violations contains "input.trust.score must be a number" if not is_number(input.trust.score)
violations contains "input.trust.score must be between 0 and 1" if input.trust.score < 0
violations contains "input.trust.score must be between 0 and 1" if input.trust.score > 1
violations contains "input.action.tool must be a string" if not is_string(input.action.tool)
violations contains "input.action.target must be a string" if not is_string(input.action.target)

violations contains "input.action.amount must be a number" if {
	input.action.amount
	not is_number(input.action.amount)
}

violations contains "input.trust.eval_age must be a duration in seconds" if not is_number(input.trust.eval_age)
violations contains "input.trust.open_disputes must be an int" if not is_number(input.trust.open_disputes)

matched contains ["read_only", "permit", "Reads are low risk"] if {
	input.action.category == "read"
	input.trust.score >= 0.3
}

matched contains ["small_refund", "permit", "Trusted agents may issue small refunds"] if {
	input.action.category == "money_movement"
	auto_refund
	not is_revoked("stripe")
}

matched contains ["large_refund", "escalate", "Refunds above the automatic limit need a finance lead"] if {
	input.action.category == "money_movement"
	input.action.amount
	input.action.amount <= 10000
	not auto_refund
	not is_revoked("stripe")
}

matched contains ["huge_refund", "forbid", "No agent moves more than 10,000"] if {
	input.action.category == "money_movement"
	input.action.amount
	input.action.amount > 10000
}

matched contains ["privileged_lookup", "permit", "Allow-listed privileged tools for agents scoring 0.7 or more"] if {
	input.action.category == "privileged_retrieval"
	input.action.tool in data.pact.refund_agent.privileged_tools
	input.trust.score >= 0.7
}

forbids := [m | some m in matched; m[1] == "forbid"]
escalates := [m | some m in matched; m[1] == "escalate"; not input.approval.role == "finance-lead"]
permits := [m | some m in matched; m[1] == "permit"]

pact_info := {"name": "refund_agent", "version": "1.2.0"}

doc(effect, ms, approvers, grants) := {"effect": effect, "rules": [m[0] | some m in ms], "reasons": [m[2] | some m in ms], "approvers": approvers, "grants": grants, "pact": pact_info}

decision := {"effect": "forbid", "rules": ["kill_switch"], "reasons": ["kill switch engaged"], "approvers": [], "grants": [], "pact": pact_info} if {
	data.pact.refund_agent.kill_switch == true
} else := {"effect": "forbid", "rules": ["invalid_input" | some _ in violations], "reasons": [v | some v in violations], "approvers": [], "grants": [], "pact": pact_info} if {
	count(violations) > 0
} else := doc("forbid", forbids, [], []) if {
	count(forbids) > 0
} else := doc("escalate", escalates, ["finance-lead"], []) if {
	count(escalates) > 0
} else := doc("permit", permits, [], [{"secret": "stripe", "scope": "refunds:write", "ttl_seconds": 300}]) if {
	count(permits) > 0
} else := {"effect": "forbid", "rules": ["default_deny"], "reasons": ["no rule permits this action"], "approvers": [], "grants": [], "pact": pact_info}
