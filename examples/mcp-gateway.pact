// mcp-gateway.pact — the policy of a tool gateway in front of an MCP-style agent.
//
// The gateway sits between an agent and its MCP servers. For every `tools/call` it asks this
// pact, with the tool as `server.tool` (`fs.read_file`) and the call's arguments as
// `action.args`, and forwards the call only on a permit — with the grant the decision carries,
// so the server gets a short-lived credential for exactly that tool instead of a standing one.
//
//   allow-list        only tools in `data.allowed_tools` run at all; operators change the list at
//                     run time, and destructive names stay refused even if someone adds them
//   argument checks   file paths under allowed roots, no `..`, no hidden files, no wildcards;
//                     queries on allow-listed tables, with a row limit and no `SELECT *`;
//                     fetches over https from allow-listed prefixes only, with no `..`,
//                     percent-encoded dot or backslash that would climb out of the prefix
//   per-tool grants   each tool that needs a credential gets its own secret, scope and ttl
//   trust             reads for agents on probation, writes and queries for established agents,
//                     nothing for agents below every tier
pact mcp_gateway version "1.0.0"

use std.trust
use std.tools

input {
  action: {
    args: {
      path?: string, // fs.*: an absolute path
      table?: string, // db.query: the table queried
      columns?: list<string>, // db.query: the columns selected
      limit?: int, // db.query: the most rows the query may return
      url?: string, // web.fetch: the URL
      repo?: string, // github.*: "owner/name"
    },
  },
}

data {
  allowed_tools: set<string> = [
    "fs.read_file",
    "fs.list_directory",
    "fs.write_file",
    "db.query",
    "web.fetch",
    "github.list_issues",
    "github.create_issue",
  ],
  readable_roots: set<string> = ["/workspace/", "/docs/"], // end each root with "/"
  writable_roots: set<string> = ["/workspace/"],
  queryable_tables: set<string> = ["orders", "order_items", "products", "support_tickets"],
  max_rows: int = 1000, // queries up to this many rows run on their own
  max_rows_approved: int = 100000, // and up to this many with a data steward's approval
  fetch_prefixes: set<string> = [
    "https://docs.example.com/",
    "https://api.github.com/repos/example/",
  ],
  github_repos: set<string> = ["example/app", "example/docs"],
}

// A query on an allow-listed table (each rule checks the row limit itself).
let table_query = action.tool == "db.query" and has action.args.table and action.args.table in data.queryable_tables

// ---- What never runs --------------------------------------------------------------------------
forbid untrusted_agent
  when untrusted
  because "Agents below every trust tier call no tools"

forbid unlisted_tool
  unless action.tool in data.allowed_tools
  because "Only allow-listed tools run"

forbid destructive
  when destructive_tool
  because "Destructive tools never run through the gateway, allow-listed or not"

// ---- Arguments --------------------------------------------------------------------------------
forbid path_traversal
  when has action.args.path and contains(action.args.path, "..")
  because "Paths may not climb out of their root with `..`"

forbid hidden_files
  when has action.args.path and contains(action.args.path, "/.")
  because "Hidden files and directories (.env, .git, .ssh) are off limits"

forbid wildcard_path
  when has action.args.path and (contains(action.args.path, "*") or contains(action.args.path, "?"))
  because "Paths name one file or directory; no wildcards"

forbid wildcard_query
  when action.tool == "db.query"
  when has action.args.columns and any c in action.args.columns: contains(c, "*")
  because "Queries name their columns; no SELECT *"

forbid unbounded_query
  when action.tool == "db.query"
  unless has action.args.limit and action.args.limit > 0
  because "Every query carries a positive row limit"

forbid huge_query
  when action.tool == "db.query" and has action.args.limit and action.args.limit > data.max_rows_approved
  because "No query returns more rows than the approved maximum"

forbid plain_http
  when has action.args.url
  unless starts_with(lower(action.args.url), "https://")
  because "Fetches use https"

// A prefix check on the raw text is only sound if the URL cannot climb back out of the prefix
// once it is resolved: `https://api.github.com/repos/example/../../x` starts with an allowed
// prefix and resolves to `/x`. URL parsers also resolve `%2e%2e` as `..`, and `\` as `/`.
forbid url_traversal
  when has action.args.url
  when contains(action.args.url, "..") or contains(lower(action.args.url), "%2e") or contains(action.args.url, "\\")
  because "URLs may not climb out of their prefix with `..`, encoded dots or backslashes"

// ---- Tools ------------------------------------------------------------------------------------
permit read_files
  when action.tool in ["fs.read_file", "fs.list_directory"] and read_only_tool
  when has action.args.path and any r in data.readable_roots: starts_with(action.args.path, r)
  when probation
  because "Files under the readable roots may be read"

permit write_files
  when action.tool == "fs.write_file"
  when has action.args.path and any r in data.writable_roots: starts_with(action.args.path, r)
  when established
  grant "workspace-fs" scope "write:workspace" ttl 5m
  because "Established agents write files in the workspace"

permit query
  when table_query and has action.args.limit and action.args.limit <= data.max_rows
  when established
  grant "analytics-db" scope "read:reporting" ttl 2m
  because "Established agents query reporting tables, up to the row limit"

escalate large_query to "data-steward"
  when table_query and has action.args.limit and action.args.limit > data.max_rows
  when established
  grant "analytics-db" scope "read:reporting" ttl 2m
  because "Queries above the row limit need a data steward"

permit fetch_docs
  when action.tool == "web.fetch"
  when has action.args.url and any p in data.fetch_prefixes: starts_with(action.args.url, p)
  when probation
  because "Documentation and the organisation's own repositories may be fetched"

permit list_issues
  when action.tool == "github.list_issues" and has action.args.repo and action.args.repo in data.github_repos
  when probation
  grant "github-app" scope "issues:read" ttl 10m
  because "Issues of the organisation's repositories may be read"

permit create_issue
  when action.tool == "github.create_issue" and has action.args.repo and action.args.repo in data.github_repos
  when established
  grant "github-app" scope "issues:write" ttl 10m
  because "Established agents file issues in the organisation's repositories"

// ---- Tests ------------------------------------------------------------------------------------
test "reading a workspace file" {
  input = {
    action: { tool: "fs.read_file", args: { path: "/workspace/src/main.ts" } },
    trust: { score: 0.5, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect permit by read_files
}

test "climbing out of the workspace" {
  input = {
    action: { tool: "fs.read_file", args: { path: "/workspace/../etc/passwd" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by path_traversal, hidden_files
}

test "reading the environment file" {
  input = {
    action: { tool: "fs.read_file", args: { path: "/workspace/.env" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by hidden_files
}

test "writing a workspace file comes with a write grant" {
  input = {
    action: { tool: "fs.write_file", args: { path: "/workspace/notes.md" } },
    trust: { score: 0.7, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect permit by write_files
}

test "docs are readable but not writable" {
  input = {
    action: { tool: "fs.write_file", args: { path: "/docs/index.md" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "a bounded query on a reporting table" {
  input = {
    action: { tool: "db.query", args: { table: "orders", columns: ["id", "total"], limit: 500 } },
    trust: { score: 0.7, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect permit by query
}

test "a query without a limit" {
  input = {
    action: { tool: "db.query", args: { table: "orders", columns: ["id"] } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by unbounded_query
}

test "SELECT * is refused" {
  input = {
    action: { tool: "db.query", args: { table: "orders", columns: ["*"], limit: 10 } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by wildcard_query
}

test "a large query goes to a data steward" {
  input = {
    action: { tool: "db.query", args: { table: "orders", columns: ["id"], limit: 50000 } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by large_query
}

test "a table off the list is not queried" {
  input = {
    action: { tool: "db.query", args: { table: "users", columns: ["email"], limit: 10 } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "fetching documentation" {
  input = {
    action: { tool: "web.fetch", args: { url: "https://docs.example.com/api/refunds" } },
    trust: { score: 0.4, eval_age: 10d, open_disputes: 2, incidents: 0 },
  }
  expect permit by fetch_docs
}

test "a look-alike host is not the docs host" {
  input = {
    action: { tool: "web.fetch", args: { url: "https://docs.example.com.evil.io/" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by default_deny
}

test "a fetch that climbs out of an allowed prefix" {
  input = {
    action: {
      tool: "web.fetch",
      args: {
        url: "https://api.github.com/repos/example/../../repos/victim/private/contents/.env",
      },
    },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by url_traversal
}

test "percent-encoded dots climb out too" {
  input = {
    action: { tool: "web.fetch", args: { url: "https://docs.example.com/%2E%2e/admin" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by url_traversal
}

test "backslashes are refused, which URL parsers read as slashes" {
  input = {
    action: { tool: "web.fetch", args: { url: "https://docs.example.com/api\\admin" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by url_traversal
}

test "plain http is refused" {
  input = {
    action: { tool: "web.fetch", args: { url: "http://docs.example.com/api" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by plain_http
}

test "a tool off the allow-list" {
  input = {
    action: { tool: "shell.exec", args: {} },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by unlisted_tool
}

test "a destructive tool stays refused when an operator allow-lists it" {
  input = {
    action: { tool: "fs.delete_file", args: { path: "/workspace/tmp.txt" } },
    trust: { score: 0.9, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  data = { allowed_tools: ["fs.delete_file"] }
  expect forbid by destructive
}

test "filing an issue in an own repository" {
  input = {
    action: { tool: "github.create_issue", args: { repo: "example/app" } },
    trust: { score: 0.7, eval_age: 10d, open_disputes: 1, incidents: 0 },
  }
  expect permit by create_issue
}

test "an agent on probation may read issues but not file them" {
  input = {
    action: { tool: "github.create_issue", args: { repo: "example/app" } },
    trust: { score: 0.4, eval_age: 10d, open_disputes: 0, incidents: 1 },
  }
  expect forbid by default_deny
}

// ---- Properties -------------------------------------------------------------------------------
property "nothing off the allow-list runs" {
  given not action.tool in data.allowed_tools
  expect forbid
}

property "no path climbs out with .." {
  given has action.args.path and contains(action.args.path, "..")
  expect forbid
}

property "files are read only under the readable roots" {
  given action.tool == "fs.read_file" and has action.args.path and not starts_with(action.args.path, "/workspace/") and not starts_with(action.args.path, "/docs/")
  expect forbid
}

property "writes stay in the workspace" {
  given action.tool == "fs.write_file" and not (has action.args.path and starts_with(action.args.path, "/workspace/"))
  expect forbid
}

property "every query is bounded" {
  given action.tool == "db.query" and not has action.args.limit
  expect forbid
}

property "large queries need a data steward" {
  given action.tool == "db.query" and has action.args.limit and action.args.limit > data.max_rows and not has approval
  expect escalate or forbid
}

property "no fetch climbs out of its prefix" {
  given has action.args.url and (contains(action.args.url, "..") or contains(lower(action.args.url), "%2e") or contains(action.args.url, "\\"))
  expect forbid
}

property "fetches use https" {
  given has action.args.url and not starts_with(lower(action.args.url), "https://")
  expect forbid
}

property "agents below established write, query and file issues not at all" {
  given degraded and action.tool in ["fs.write_file", "db.query", "github.create_issue"]
  expect forbid
}
