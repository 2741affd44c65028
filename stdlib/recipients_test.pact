// Tests of std.recipients: internal mail goes out, anything reaching outside is reviewed, and a
// message must have a well-formed primary recipient.
pact recipients_test version "1.0.0"

use std.recipients

permit internal_mail
  when internal_only
  because "Internal mail needs no review"

escalate external_mail to "comms-reviewer"
  when external_audience
  because "Messages that leave the organisation are reviewed first"

forbid malformed
  when has action.recipient
  unless well_formed_recipient
  because "The primary recipient must be one bare address"

test "mail to a colleague goes out" {
  input = { action: { recipient: "alice@example.com" } }
  expect permit by internal_mail
}

test "subdomains are internal, in any case" {
  input = { action: { recipient: "Bob@EU.Example.com", cc: ["carol@example.com"] } }
  expect permit by internal_mail
}

test "mail to a customer is reviewed" {
  input = { action: { recipient: "dan@customer.io" } }
  expect escalate by external_mail
}

test "one external cc is enough for review" {
  input = {
    action: { recipient: "alice@example.com", cc: ["carol@example.com", "erin@partner.org"] },
  }
  expect escalate by external_mail
}

test "a look-alike domain is external" {
  input = { action: { recipient: "mallory@notexample.com", cc: ["trent@example.com.evil.io"] } }
  expect escalate by external_mail
}

test "a display-name address is malformed and treated as external" {
  input = { action: { recipient: "Alice <alice@example.com>" } }
  expect forbid by malformed
}

test "two @ signs are malformed" {
  input = { action: { recipient: "alice@evil.io@example.com" } }
  expect forbid by malformed
}

test "a malformed cc is reviewed" {
  input = { action: { recipient: "alice@example.com", cc: ["carol"] } }
  expect escalate by external_mail
}

test "a message without a primary recipient is not permitted" {
  input = { action: { cc: ["carol@example.com"] } }
  expect forbid by default_deny
}

test "the internal domains are data" {
  input = { action: { recipient: "alice@acme.test" } }
  data = { internal_recipient_suffixes: ["@acme.test"] }
  expect permit by internal_mail
}

test "with the domains replaced, the defaults are external" {
  input = { action: { recipient: "alice@example.com" } }
  data = { internal_recipient_suffixes: ["@acme.test"] }
  expect escalate by external_mail
}

property "nothing reaches outside without review" {
  given external_audience and not has approval
  expect escalate or forbid
}

property "only internal mail goes out unreviewed" {
  given not internal_only and not has approval
  expect forbid or escalate
}

property "internal-only mail is never refused" {
  given internal_only
  expect permit
}
