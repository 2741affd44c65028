// Tests of std.tools: a helpdesk assistant that may read anything in its own namespaces, write
// only through one tool, and never destroy anything.
pact tools_test version "1.0.0"

use std.tools

forbid destructive
  when destructive_tool
  because "This agent never deletes anything"

forbid unnamespaced
  when not namespaced_tool
  because "Tools are called by their full name, namespace included"

permit helpdesk_reads
  when action.tool matches "zendesk.*" or starts_with(action.tool, "kb.")
  when read_only_tool
  because "Reads in the helpdesk and the knowledge base are low risk"

escalate helpdesk_writes to "support-lead"
  when action.tool matches "zendesk.*" and writing_tool
  because "Changes to tickets need a support lead"

test "reading a ticket is permitted" {
  input = { action: { tool: "zendesk.get_ticket" } }
  expect permit by helpdesk_reads
}

test "listing and searching are reads too" {
  input = { action: { tool: "kb.search_articles" } }
  expect permit by helpdesk_reads
}

test "verbs are classified in lower case" {
  input = { action: { tool: "zendesk.List_Comments" } }
  expect permit by helpdesk_reads
}

test "a read in another namespace is not permitted" {
  input = { action: { tool: "stripe.list_charges" } }
  expect forbid by default_deny
}

test "a write in the helpdesk needs a support lead" {
  input = { action: { tool: "zendesk.update_ticket" } }
  expect escalate by helpdesk_writes
}

test "a destructive verb anywhere wins over a read verb" {
  input = { action: { tool: "zendesk.get_and_delete_ticket" } }
  expect forbid by destructive
}

test "a destructive tool is refused even with approval" {
  input = {
    action: { tool: "zendesk.delete_ticket" },
    approval: { by: "lee", role: "support-lead" },
  }
  expect forbid by destructive
}

test "a tool without a namespace is refused" {
  input = { action: { tool: "get_ticket" } }
  expect forbid by unnamespaced
}

test "operators can extend the read-only verbs at run time" {
  input = { action: { tool: "zendesk.fetch_ticket" } }
  data = { read_only_tool_patterns: ["*.fetch_*"] }
  expect permit by helpdesk_reads
}

property "destructive tools are always refused" {
  given destructive_tool
  expect forbid
}

property "nothing outside the helpdesk namespaces is permitted" {
  given not action.tool matches "zendesk.*" and not starts_with(action.tool, "kb.")
  expect forbid
}

property "no write is permitted without a support lead" {
  given writing_tool and not has approval
  expect forbid or escalate
}
