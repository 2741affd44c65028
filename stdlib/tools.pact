// std.tools — helpers for the names of the tools an agent calls.
//
// Agent runtimes (MCP servers, function-calling APIs) name tools `namespace.verb_object`:
// `zendesk.get_ticket`, `stripe.create_refund`, `fs.delete_file`. `use std.tools` brings in the
// input fragment `action: { tool: string }` (merged with the pact's own `action` fields), two
// data fields listing glob patterns, and lets that classify the tool by its name.
//
// Name-based classification is a heuristic, not a security boundary: it is only as good as the
// names a tool server chooses. Use it to *restrict* (`forbid … when destructive_tool`) or to
// narrow a rule that is already limited by an allow-list or a namespace
// (`permit … when action.tool matches "zendesk.*" and read_only_tool`), never as the only
// condition that grants authority.
//
// Namespaces are matched in the pact itself, with a glob or a prefix:
//
//   action.tool matches "stripe.*"           any tool of the `stripe` namespace
//   starts_with(action.tool, "stripe.")      the same, without a pattern
//   action.tool in data.allowed_tools        an allow-list the operator can change at run time
//
// The patterns are matched against the tool name in lower case, so `Zendesk.Get_Ticket` is read
// only too. `*` matches any run of characters, dots included.
pact tools version "1.0.0"

input {
  action: {
    tool: string, // the tool the agent calls: "namespace.verb_object"
  },
}

data {
  // Names of tools that only read: a read verb at the start of the name or of its part after a
  // dot. Operators may extend the list at run time (e.g. `"*.describe_*"` is already in).
  read_only_tool_patterns: set<string> = [
    "get_*",
    "*.get_*",
    "list_*",
    "*.list_*",
    "search_*",
    "*.search_*",
    "read_*",
    "*.read_*",
    "describe_*",
    "*.describe_*",
  ],
  // Names of tools that destroy something: a destructive verb anywhere in the name. This list
  // wins over the read-only one: `files.get_and_delete` is destructive, not read only.
  destructive_tool_patterns: set<string> = [
    "*delete*",
    "*remove*",
    "*destroy*",
    "*drop*",
    "*purge*",
    "*truncate*",
    "*wipe*",
    "*erase*",
  ],
}

// The tool name in lower case, as the patterns see it.
let tool_name = lower(action.tool)

// The name contains a destructive verb (`fs.delete_file`, `db.drop_table`, `crm.purge_contacts`).
let destructive_tool = any p in data.destructive_tool_patterns: tool_name matches p

// The name starts with, or has after a dot, a read verb (`zendesk.get_ticket`,
// `stripe.list_charges`, `kb.search_articles`) — and no destructive verb anywhere.
let read_only_tool = (any p in data.read_only_tool_patterns: tool_name matches p) and not destructive_tool

// Every tool that is not known to be read only: writes, sends, pays, deletes, or is unknown.
let writing_tool = not read_only_tool

// The name has a namespace: at least one character, a dot, at least one character.
let namespaced_tool = action.tool matches "?*.?*"
