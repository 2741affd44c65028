// support-agent v2 — also moves its ticket between states.
//
// The second version of the support agent's pact (see README.md for the whole progression).
// v1 could only read; v2 adds one kind of write, on the assigned ticket only:
//
//   set_ticket_state             open / pending / on hold / solved, for established agents
//   set_ticket_state_supervised  the same for agents on probation, with a support lead's approval
//   close_ticket                 closing is final for the customer: always a support lead
//   other_ticket                 no change to any other ticket, whoever approves it
pact support_agent version "1.1.0"

use std.categories
use std.trust
use std.tools

// The states of a helpdesk ticket.
enum TicketState { open, pending, on_hold, solved, closed }

input {
  action: {
    target: string, // what the action touches: a ticket id, a search query, a record
    new_state?: TicketState, // ticket updates: the state to set
  },
  session: {
    ticket: string, // the ticket the agent was assigned
    customer: string, // that ticket's customer (used from v3 on; hosts send it from v1)
  },
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

// ---- Properties -------------------------------------------------------------------------------
property "v2 writes nothing but ticket states" {
  given has_side_effects and not ticket_update
  expect forbid
}

property "closing a ticket always goes through a support lead" {
  given ticket_update and has action.new_state and action.new_state == "closed" and not has approval
  expect escalate or forbid
}

property "other tickets are never touched" {
  given helpdesk_tool and not assigned_ticket
  expect forbid
}

property "agents on probation change nothing on their own" {
  given has_side_effects and degraded and not has approval
  expect escalate or forbid
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}
