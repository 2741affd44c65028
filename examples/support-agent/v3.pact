// support-agent v3 — also reads the billing record of its ticket's customer.
//
// The third version of the support agent's pact (see README.md for the whole progression). To
// answer billing questions the agent needs the customer's invoices and subscription: a
// privileged retrieval, so v3 grants it narrowly:
//
//   billing_context         allow-listed billing read tools, for the customer of the assigned
//                           ticket only, by an established agent evaluated within 30 days, with a
//                           2-minute read-only grant for the billing API
//   billing_context_review  other agents on probation or better: the same with a billing admin's
//                           approval
//   unscoped_billing        no lookup without a customer, or of another customer
pact support_agent version "1.2.0"

use std.categories
use std.trust
use std.tools

// The states of a helpdesk ticket.
enum TicketState { open, pending, on_hold, solved, closed }

input {
  action: {
    target: string, // what the action touches: a ticket id, a search query, a record
    new_state?: TicketState, // ticket updates: the state to set
    customer?: string, // billing lookups: the customer concerned
  },
  session: {
    ticket: string, // the ticket the agent was assigned
    customer: string, // that ticket's customer
  },
}

data {
  billing_read_tools: set<string> = [
    "billing.get_customer",
    "billing.list_invoices",
    "billing.get_subscription",
  ],
}

// The helpdesk and the knowledge base.
let helpdesk_tool = action.tool matches "zendesk.*"
let knowledge_tool = action.tool matches "kb.*"

// The action touches the ticket the agent was assigned.
let assigned_ticket = action.target == session.ticket

// An update of the assigned ticket's state (the new state is checked by each rule).
let ticket_update = mutates_state and action.tool == "zendesk.update_ticket" and assigned_ticket

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

test "v3 moves no money" {
  input = {
    action: {
      tool: "stripe.create_refund",
      category: "money_movement",
      target: "T-1001",
      customer: "cus_42",
      amount: 10,
    },
    session: { ticket: "T-1001", customer: "cus_42" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

// ---- Properties -------------------------------------------------------------------------------
property "billing lookups stay with the ticket's customer" {
  given retrieves_privileged and not (has action.customer and action.customer == session.customer)
  expect forbid
}

property "only established agents evaluated this month read billing records on their own" {
  given retrieves_privileged and not (established and fresh_eval) and not has approval
  expect escalate or forbid
}

property "v3 moves no money and sends nothing" {
  given moves_money or communicates_externally
  expect forbid
}

property "closing a ticket always goes through a support lead" {
  given ticket_update and has action.new_state and action.new_state == "closed" and not has approval
  expect escalate or forbid
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}
