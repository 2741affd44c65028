// support-agent v1 — drafts ticket summaries, and does nothing else.
//
// The first version of the support agent's pact (see README.md for the whole progression). The
// agent reads the ticket it was assigned and searches the knowledge base, and drafts a summary
// that a human support engineer sees in the helpdesk; the draft itself is not an action. So v1
// permits reads only:
//
//   read_assigned_ticket   read-only helpdesk tools, on the assigned ticket only
//   search_knowledge_base  read-only knowledge-base tools
//
// Everything else falls to `default_deny`. Agents below every trust tier do nothing at all, and
// no version of this agent ever calls a destructive tool.
pact support_agent version "1.0.0"

use std.categories
use std.trust
use std.tools

input {
  action: {
    target: string, // what the action touches: a ticket id, a search query, a record
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

// ---- Degraded trust tightens everything -------------------------------------------------------
forbid untrusted_agent
  when untrusted
  because "Agents below every trust tier do not act"

forbid destructive
  when destructive_tool
  because "The support agent never deletes anything"

// ---- v1: reads for drafting summaries ---------------------------------------------------------
permit read_assigned_ticket
  when is_read and helpdesk_tool and read_only_tool and assigned_ticket
  when probation
  because "Drafting a summary needs reads of the assigned ticket"

permit search_knowledge_base
  when is_read and knowledge_tool and read_only_tool
  when probation
  because "Drafting a summary may cite the knowledge base"

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

test "v1 does not update tickets" {
  input = {
    action: { tool: "zendesk.update_ticket", category: "state_mutation", target: "T-1001" },
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

// ---- Properties -------------------------------------------------------------------------------
property "v1 only reads" {
  given has_side_effects
  expect forbid
}

property "other tickets are never read" {
  given helpdesk_tool and not assigned_ticket
  expect forbid
}

property "untrusted agents never act" {
  given untrusted
  expect forbid
}
