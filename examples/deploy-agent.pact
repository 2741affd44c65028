// deploy-agent.pact — a coding agent that pushes branches, opens pull requests and deploys.
//
// The agent works in the organisation's repositories through a runtime that asks this pact
// before every git or deployment operation, and hands the agent only the short-lived
// credential a permit grants.
//
//   branches      the agent pushes only to its own `agent/*` branches; never to a protected
//                 branch (main, master, release/*), never with --force; merging into one needs a
//                 code owner and green checks
//   deploys       dev for established agents; staging for trusted ones, or a release manager;
//                 production always behind a release manager or the SRE on call, only on green
//                 checks, and never during a freeze
//   secrets       each environment has its own secret scope: `dev/…` secrets for dev only, and
//                 so on; production secrets need the SRE on call and a one-minute grant
pact deploy_agent version "1.0.0"

use std.trust

// What the agent does.
enum Operation { read_repo, push, open_pull_request, merge, deploy, rollback, read_secret }

// Where deploys, rollbacks and secrets live.
enum Environment { dev, staging, production }

input {
  action: {
    op: Operation,
    repo: string, // "owner/name"
    branch?: string, // push: the branch pushed to; open_pull_request, merge: the base
    force?: bool, // push: a force push
    checks_passed?: bool, // merge, deploy: CI is green on the commit
    environment?: Environment, // deploy, rollback, read_secret
    secret?: string, // read_secret: the secret's path, "ENVIRONMENT/NAME"
  },
}

data {
  repos: set<string> = ["example/app", "example/infra"],
  protected_branches: set<string> = ["main", "master", "release/*"], // glob patterns
  production_freeze: bool = false, // set during incidents and holidays: no production deploys
}

// CI is known to be green.
let green = has action.checks_passed and action.checks_passed

// The branch is protected.
let protected_branch = has action.branch and any p in data.protected_branches: action.branch matches p

// A deploy to each environment.
let deploy_dev = action.op == "deploy" and has action.environment and action.environment == "dev"
let deploy_staging = action.op == "deploy" and has action.environment and action.environment == "staging"
let deploy_production = action.op == "deploy" and has action.environment and action.environment == "production"

// A secret read whose path is in its environment's scope.
let secret_in_scope = has action.environment and has action.secret and (action.environment == "dev" and starts_with(action.secret, "dev/") or action.environment == "staging" and starts_with(action.secret, "staging/") or action.environment == "production" and starts_with(action.secret, "production/"))

// ---- What never happens -----------------------------------------------------------------------
forbid untrusted_agent
  when untrusted
  because "Agents below every trust tier do not touch repositories"

forbid unknown_repo
  unless action.repo in data.repos
  because "The agent works only in the organisation's allow-listed repositories"

forbid push_to_protected
  when action.op == "push" and protected_branch
  because "Never push to a protected branch directly; open a pull request"

forbid force_push
  when action.op == "push" and has action.force and action.force
  because "No force pushes"

forbid deploy_on_red
  when action.op in ["deploy", "merge"]
  unless deploy_dev or green
  because "Merges and deploys beyond dev need green checks"

forbid frozen
  when deploy_production and data.production_freeze
  because "Production is frozen"

forbid secret_out_of_scope
  when action.op == "read_secret"
  unless secret_in_scope
  because "A secret is read only for its own environment"

// ---- Code -------------------------------------------------------------------------------------
permit read_repo
  when action.op == "read_repo"
  when probation
  because "Reading code is low risk"

permit push_agent_branch
  when action.op == "push" and has action.branch and action.branch matches "agent/*"
  when established
  grant "github" scope "contents:write" ttl 10m
  because "Established agents push to their own agent/* branches"

permit open_pull_request
  when action.op == "open_pull_request"
  when established
  grant "github" scope "pull_requests:write" ttl 10m
  because "Established agents open pull requests for review"

escalate merge_protected to "code-owner"
  when action.op == "merge" and protected_branch and green
  when established
  grant "github" scope "contents:write" ttl 5m
  because "Merging into a protected branch needs a code owner"

// ---- Deploys ----------------------------------------------------------------------------------
permit deploy_to_dev
  when deploy_dev
  when established
  grant "deployer" scope "deploy:dev" ttl 15m
  because "Established agents deploy to dev"

permit deploy_to_staging
  when deploy_staging and green
  when trusted
  grant "deployer" scope "deploy:staging" ttl 15m
  because "Trusted agents deploy green builds to staging"

escalate staging_review to "release-manager"
  when deploy_staging and green
  when established
  unless trusted
  grant "deployer" scope "deploy:staging" ttl 15m
  because "Other established agents deploy to staging with a release manager"

escalate production_deploy to "release-manager", "sre-oncall"
  when deploy_production and green
  when established
  grant "deployer" scope "deploy:production" ttl 15m
  because "Production deploys need a release manager or the SRE on call"

escalate production_rollback to "sre-oncall"
  when action.op == "rollback" and has action.environment and action.environment == "production"
  when probation
  grant "deployer" scope "deploy:production" ttl 15m
  because "Rolling production back is the SRE on call's decision"

permit rollback_preproduction
  when action.op == "rollback" and has action.environment and action.environment in ["dev", "staging"]
  when established
  grant "deployer" scope "deploy:preproduction" ttl 15m
  because "Established agents roll back dev and staging"

// ---- Secrets, one scope per environment -------------------------------------------------------
permit dev_secret
  when action.op == "read_secret" and secret_in_scope and has action.environment and action.environment == "dev"
  when established
  grant "vault" scope "read:dev" ttl 5m
  because "Established agents read dev secrets"

permit staging_secret
  when action.op == "read_secret" and secret_in_scope and has action.environment and action.environment == "staging"
  when trusted
  grant "vault" scope "read:staging" ttl 5m
  because "Trusted agents read staging secrets"

escalate production_secret to "sre-oncall"
  when action.op == "read_secret" and secret_in_scope and has action.environment and action.environment == "production"
  when trusted and current_eval
  grant "vault" scope "read:production" ttl 1m
  because "Production secrets need the SRE on call, and only for agents evaluated this week"

// ---- Tests ------------------------------------------------------------------------------------
test "pushing to an agent branch" {
  input = {
    action: { op: "push", repo: "example/app", branch: "agent/fix-login" },
    trust: { score: 0.7, eval_age: 20d, open_disputes: 0, incidents: 0 },
  }
  expect permit by push_agent_branch
}

test "never to main, even for a trusted agent" {
  input = {
    action: { op: "push", repo: "example/app", branch: "main" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "rosa", role: "code-owner" },
  }
  expect forbid by push_to_protected
}

test "release branches are protected too" {
  input = {
    action: { op: "push", repo: "example/app", branch: "release/2024.06" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by push_to_protected
}

test "no force pushes, even to the agent's branch" {
  input = {
    action: { op: "push", repo: "example/app", branch: "agent/fix-login", force: true },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by force_push
}

test "merging into main needs a code owner" {
  input = {
    action: { op: "merge", repo: "example/app", branch: "main", checks_passed: true },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by merge_protected
}

test "nothing merges on red" {
  input = {
    action: { op: "merge", repo: "example/app", branch: "main", checks_passed: false },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "rosa", role: "code-owner" },
  }
  expect forbid by deploy_on_red
}

test "a production deploy goes to a release manager or the SRE on call" {
  input = {
    action: { op: "deploy", repo: "example/app", environment: "production", checks_passed: true },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by production_deploy
}

test "the SRE on call approves it" {
  input = {
    action: { op: "deploy", repo: "example/app", environment: "production", checks_passed: true },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "sam", role: "sre-oncall" },
  }
  expect permit by production_deploy
}

test "no production deploy during a freeze, approved or not" {
  input = {
    action: { op: "deploy", repo: "example/app", environment: "production", checks_passed: true },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "sam", role: "sre-oncall" },
  }
  data = { production_freeze: true }
  expect forbid by frozen
}

test "dev deploys need no green checks" {
  input = {
    action: { op: "deploy", repo: "example/app", environment: "dev" },
    trust: { score: 0.65, eval_age: 60d, open_disputes: 1, incidents: 0 },
  }
  expect permit by deploy_to_dev
}

test "an established agent deploys to staging with a release manager" {
  input = {
    action: { op: "deploy", repo: "example/app", environment: "staging", checks_passed: true },
    trust: { score: 0.65, eval_age: 60d, open_disputes: 1, incidents: 0 },
  }
  expect escalate by staging_review
}

test "a dev secret for dev" {
  input = {
    action: {
      op: "read_secret",
      repo: "example/app",
      environment: "dev",
      secret: "dev/db-password",
    },
    trust: { score: 0.7, eval_age: 20d, open_disputes: 0, incidents: 0 },
  }
  expect permit by dev_secret
}

test "a production secret is not a dev secret" {
  input = {
    action: {
      op: "read_secret",
      repo: "example/app",
      environment: "dev",
      secret: "production/db-password",
    },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by secret_out_of_scope
}

test "a production secret needs the SRE on call" {
  input = {
    action: {
      op: "read_secret",
      repo: "example/infra",
      environment: "production",
      secret: "production/stripe-key",
    },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by production_secret
}

test "a repository off the list" {
  input = {
    action: { op: "read_repo", repo: "someone/else" },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by unknown_repo
}

// ---- Properties -------------------------------------------------------------------------------
property "never pushes to main" {
  given action.op == "push" and has action.branch and action.branch == "main"
  expect forbid
}

property "production deploys always have a human" {
  given deploy_production and not has approval
  expect escalate or forbid
}

property "nothing beyond dev deploys on red" {
  given action.op == "deploy" and not green and not deploy_dev
  expect forbid
}

property "production secrets always have the SRE on call" {
  given action.op == "read_secret" and has action.secret and starts_with(action.secret, "production/") and not has approval
  expect escalate or forbid
}

property "secrets stay in their environment" {
  given action.op == "read_secret" and not secret_in_scope
  expect forbid
}

property "agents on probation change nothing on their own" {
  given degraded and action.op != "read_repo" and not has approval
  expect escalate or forbid
}
