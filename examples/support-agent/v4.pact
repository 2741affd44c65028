// support-agent v4 — recommends refunds, and issues small ones itself.
//
// The fourth version of the support agent's pact (see README.md for the whole progression).
// v3 could read the billing record of the ticket's customer; v4 adds money:
//
//   recommend_refund   an internal refund recommendation on the ticket, for established agents
//   small_refund       refunds up to `data.auto_refund_limit`, by a trusted agent evaluated this
//                      week, with a 5-minute Stripe grant scoped to refunds
//   refund_approval    larger refunds (and smaller ones by a less trusted agent) go to a
//                      finance lead, with the same grant once approved
//   refund_above_max   nothing above `data.max_refund`, whoever approves it
//
// and refuses money outright to an agent whose trust is degraded or that has anything against it.
pact support_agent version "1.3.0"

use std.categories
use std.trust
use std.tools

// The states of a helpdesk ticket.
enum TicketState { open, pending, on_hold, solved, closed }

input {
  action: {
    target: string, // what the action touches: a ticket id, a search query, a record
    new_state?: TicketState, // ticket updates: the state to set
    customer?: string, // billing and refunds: the customer concerned
    amount?: number, // refunds: the amount, in the account's currency
  },
  session: {
    ticket: string, // the ticket the agent was assigned
    customer: string, // that ticket's customer
  },
}

data {
  auto_refund_limit: number = 50, // refunds a trusted agent issues on its own
  max_refund: number = 1000, // no refund above this, approved or not
  billing_read_tools: set<string> = [
    "billing.get_customer",
    "billing.list_invoices",
    "billing.get_subscription",
  ],
}

// ---- Scope: the assigned ticket and its customer ----------------------------------------------
// The helpdesk and the knowledge base.
let helpdesk_tool = action.tool matches "zendesk.*"
let knowledge_tool = action.tool matches "kb.*"

// The action touches the ticket the agent was assigned.
let assigned_ticket = action.target == session.ticket

// An update of the assigned ticket's state (the new state is checked by each rule).
let ticket_update = mutates_state and action.tool == "zendesk.update_ticket" and assigned_ticket

// A refund through Stripe; the only way this agent moves money.
let refund = moves_money and action.tool == "stripe.create_refund"

// A refund the agent may issue on its own: small, positive, and a trusted agent evaluated this
// week. Finance wants fresher trust than anything else.
let auto_refund = has action.amount and action.amount > 0 and action.amount <= data.auto_refund_limit and trusted and current_eval

// ---- Degraded trust tightens everything -------------------------------------------------------
forbid untrusted_agent
  when untrusted
  because "Agents below every trust tier do not act"

forbid destructive
  when destructive_tool
  because "The support agent never deletes anything"

forbid other_ticket
  when helpdesk_tool and has_side_effects
  unless assigned_ticket
  because "The support agent changes only the ticket it was assigned"

// ---- v1: reads for drafting summaries ---------------------------------------------------------
permit read_assigned_ticket
  when is_read and helpdesk_tool and read_only_tool and assigned_ticket
  when probation
  because "Drafting a summary needs reads of the assigned ticket"

permit search_knowledge_base
  when is_read and knowledge_tool and read_only_tool
  when probation
  because "Drafting a summary may cite the knowledge base"

// ---- v2: ticket states ------------------------------------------------------------------------
permit set_ticket_state
  when ticket_update and has action.new_state and action.new_state in ["open", "pending", "on_hold", "solved"]
  when established
  because "Established agents move their ticket between open, pending, on hold and solved"

escalate set_ticket_state_supervised to "support-lead"
  when ticket_update and has action.new_state and action.new_state in ["open", "pending", "on_hold", "solved"]
  when probation
  unless established
  because "Agents on probation change ticket states under a support lead"

escalate close_ticket to "support-lead"
  when ticket_update and has action.new_state and action.new_state == "closed"
  when probation
  because "Closing a ticket is final for the customer; a support lead confirms it"

// ---- v3: billing context ----------------------------------------------------------------------
forbid unscoped_billing
  when retrieves_privileged
  unless has action.customer and action.customer == session.customer
  because "Billing lookups are limited to the customer of the assigned ticket"

permit billing_context
  when retrieves_privileged and action.tool in data.billing_read_tools
  when has action.customer and action.customer == session.customer
  when established and fresh_eval
  grant "billing-api" scope "customers:read" ttl 2m
  because "Established agents evaluated this month read the billing record of their ticket's customer"

escalate billing_context_review to "billing-admin"
  when retrieves_privileged and action.tool in data.billing_read_tools
  when has action.customer and action.customer == session.customer
  when probation
  unless established and fresh_eval
  grant "billing-api" scope "customers:read" ttl 2m
  because "Other agents read billing records only with a billing admin's approval"

// ---- v4: refunds ------------------------------------------------------------------------------
forbid other_payments
  when moves_money
  unless refund
  because "The support agent moves money only by refunding through Stripe"

forbid refund_other_customer
  when moves_money
  unless has action.customer and action.customer == session.customer
  because "Refunds go only to the customer of the assigned ticket"

forbid malformed_refund
  when refund
  unless has action.amount and action.amount > 0
  because "A refund needs a positive amount"

forbid refund_above_max
  when refund and has action.amount and action.amount > data.max_refund
  because "No refund above the maximum, whoever approves it"

forbid money_when_degraded
  when moves_money
  when degraded or disputed or has_incidents
  because "An agent with degraded trust, an open dispute or an incident moves no money"

permit recommend_refund
  when mutates_state and action.tool == "billing.recommend_refund"
  when has action.customer and action.customer == session.customer
  when established
  because "Established agents may recommend a refund for a human to issue"

permit small_refund
  when refund and has action.customer and action.customer == session.customer
  when auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Trusted agents evaluated this week refund small amounts on their own"

escalate refund_approval to "finance-lead"
  when refund and has action.customer and action.customer == session.customer
  when has action.amount and action.amount > 0 and action.amount <= data.max_refund
  unless auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Refunds above the automatic limit, or by a less trusted agent, need a finance lead"

// ---- Tests ------------------------------------------------------------------------------------
test "an agent reads its ticket" {
  input = {
    action: { tool: "zendesk.get_ticket", category: "read", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect permit by read_assigned_ticket
}

test "an agent on probation reads the comments of its ticket" {
  input = {
    action: { tool: "zendesk.list_comments", category: "read", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.4, eval_age: 60d, open_disputes: 2, incidents: 1 },
  }
  expect permit by read_assigned_ticket
}

test "an agent searches the knowledge base" {
  input = {
    action: { tool: "kb.search_articles", category: "read", target: "refund policy" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect permit by search_knowledge_base
}

test "another ticket is out of scope" {
  input = {
    action: { tool: "zendesk.get_ticket", category: "read", target: "T-2002" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "a write labelled as a read is not a read" {
  input = {
    action: { tool: "zendesk.update_ticket", category: "read", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "a stale evaluation stops even reads" {
  input = {
    action: { tool: "zendesk.get_ticket", category: "read", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 120d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by untrusted_agent
}

test "deleting is refused whatever the category says" {
  input = {
    action: { tool: "zendesk.delete_ticket", category: "read", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by destructive
}

test "an established agent marks its ticket solved" {
  input = {
    action: {
      tool: "zendesk.update_ticket",
      category: "state_mutation",
      target: "T-1001",
      new_state: "solved",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.65, eval_age: 40d, open_disputes: 1, incidents: 0 },
  }
  expect permit by set_ticket_state
}

test "an agent on probation needs a support lead to change a state" {
  input = {
    action: {
      tool: "zendesk.update_ticket",
      category: "state_mutation",
      target: "T-1001",
      new_state: "pending",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.5, eval_age: 40d, open_disputes: 0, incidents: 1 },
  }
  expect escalate by set_ticket_state_supervised
}

test "closing a ticket needs a support lead, even for a trusted agent" {
  input = {
    action: {
      tool: "zendesk.update_ticket",
      category: "state_mutation",
      target: "T-1001",
      new_state: "closed",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by close_ticket
}

test "the support lead's approval closes it" {
  input = {
    action: {
      tool: "zendesk.update_ticket",
      category: "state_mutation",
      target: "T-1001",
      new_state: "closed",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "lee", role: "support-lead" },
  }
  expect permit by close_ticket
}

test "another ticket's state is off limits, approved or not" {
  input = {
    action: {
      tool: "zendesk.update_ticket",
      category: "state_mutation",
      target: "T-2002",
      new_state: "solved",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "lee", role: "support-lead" },
  }
  expect forbid by other_ticket
}

test "an update without a new state is not permitted" {
  input = {
    action: { tool: "zendesk.update_ticket", category: "state_mutation", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "an established agent reads its customer's invoices, with a short read-only grant" {
  input = {
    action: {
      tool: "billing.list_invoices",
      category: "privileged_retrieval",
      target: "T-1001",
      customer: "cus_42",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.7, eval_age: 20d, open_disputes: 0, incidents: 0 },
  }
  expect permit by billing_context
}

test "an evaluation older than 30 days needs a billing admin" {
  input = {
    action: {
      tool: "billing.get_subscription",
      category: "privileged_retrieval",
      target: "T-1001",
      customer: "cus_42",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 45d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by billing_context_review
}

test "the billing admin's approval comes with the same grant" {
  input = {
    action: {
      tool: "billing.get_subscription",
      category: "privileged_retrieval",
      target: "T-1001",
      customer: "cus_42",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 45d, open_disputes: 0, incidents: 0 },
    approval: { by: "bea", role: "billing-admin" },
  }
  expect permit by billing_context_review
}

test "another customer's billing record is off limits" {
  input = {
    action: {
      tool: "billing.get_customer",
      category: "privileged_retrieval",
      target: "T-1001",
      customer: "cus_7",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
    approval: { by: "bea", role: "billing-admin" },
  }
  expect forbid by unscoped_billing
}

test "a lookup without a customer is refused" {
  input = {
    action: { tool: "billing.list_invoices", category: "privileged_retrieval", target: "T-1001" },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by unscoped_billing
}

test "a billing tool off the allow-list is not permitted" {
  input = {
    action: {
      tool: "billing.export_customers",
      category: "privileged_retrieval",
      target: "T-1001",
      customer: "cus_42",
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "a trusted agent refunds 30 on its own" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 30,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect permit by small_refund
}

test "a refund of 300 needs a finance lead" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 300,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by refund_approval
}

test "the finance lead's approval issues it, with the same narrow grant" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 300,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
    approval: { by: "fran", role: "finance-lead" },
  }
  expect permit by refund_approval
}

test "a support lead cannot approve a refund" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 300,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
    approval: { by: "lee", role: "support-lead" },
  }
  expect escalate by refund_approval
}

test "a small refund by an agent evaluated ten days ago needs a finance lead" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 30,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by refund_approval
}

test "no refund above the maximum, even approved" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 5000,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "fran", role: "finance-lead" },
  }
  expect forbid by refund_above_max
}

test "no refund to another customer" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_7",
      amount: 20,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by refund_other_customer
}

test "an open dispute stops all money" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 20,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.7, eval_age: 1d, open_disputes: 1, incidents: 0 },
    approval: { by: "fran", role: "finance-lead" },
  }
  expect forbid by money_when_degraded
}

test "an established agent recommends a refund instead" {
  input = {
    action: {
      tool: "billing.recommend_refund",
      category: "state_mutation",
      target: "T-1001",
      customer: "cus_42",
      amount: 300,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.65, eval_age: 40d, open_disputes: 0, incidents: 0 },
  }
  expect permit by recommend_refund
}

test "a revoked Stripe secret turns a small refund into a refusal" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 30,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  data = { revoked: ["stripe"] }
  expect forbid by default_deny
}

test "the operator can lower the automatic limit at run time" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 30,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.9, eval_age: 2d, open_disputes: 0, incidents: 0 },
  }
  data = { auto_refund_limit: 20 }
  expect escalate by refund_approval
}

// ---- Properties -------------------------------------------------------------------------------
property "never refunds above the maximum" {
  given moves_money and has action.amount and action.amount > data.max_refund
  expect forbid
}

property "money goes only to the ticket's customer" {
  given moves_money and not (has action.customer and action.customer == session.customer)
  expect forbid
}

property "no money without a clean record and an established agent" {
  given moves_money and (degraded or not clean_record)
  expect forbid
}

property "no refund without a human unless the agent was evaluated this week" {
  given moves_money and not current_eval and not has approval
  expect escalate or forbid
}

property "no refund above the automatic limit without a human" {
  given moves_money and has action.amount and action.amount > data.auto_refund_limit and not has approval
  expect escalate or forbid
}

property "billing lookups stay with the ticket's customer" {
  given retrieves_privileged and not (has action.customer and action.customer == session.customer)
  expect forbid
}

property "only established agents evaluated this month read billing records on their own" {
  given retrieves_privileged and not (established and fresh_eval) and not has approval
  expect escalate or forbid
}

property "closing a ticket always goes through a support lead" {
  given ticket_update and has action.new_state and action.new_state == "closed" and not has approval
  expect escalate or forbid
}

property "other tickets are never touched" {
  given helpdesk_tool and not assigned_ticket
  expect forbid
}

property "the agent never speaks for the company" {
  given communicates_externally
  expect forbid
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}
