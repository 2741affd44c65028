// outbound-comms.pact — an agent that sends email and chat messages for the organisation.
//
// The messaging runtime asks this pact before every message, with the addressees (see
// `std.recipients`), the attachments as labelled by the organisation's classifier, and the
// agent's sending volume so far.
//
//   internal mail      goes out for any agent on probation or better
//   external mail      is reviewed by a "comms-reviewer" first — except routine replies: a
//                      trusted agent answering an existing thread, below the daily review
//                      threshold; agents below `established` send nothing outside at all
//   attachments        nothing labelled sensitive leaves the organisation, reviewed or not
//   volume             per-hour and per-day limits, and review for bulk messages, all in data
pact outbound_comms version "1.0.0"

use std.trust
use std.recipients

// How the message is sent.
enum Channel { email, chat }

input {
  action: {
    channel: Channel,
    in_reply_to?: string, // the thread the message answers; absent for a new conversation
    attachments?: list<{
      name: string,
      labels: list<string>, // from the classifier: "public", "internal", "confidential", …
    }>,
  },
  usage: {
    sent_last_hour: int, // messages this agent sent in the last hour
    external_today: int, // messages this agent sent outside the organisation today
  },
}

data {
  sensitive_labels: set<string> = ["confidential", "restricted", "pii", "financial"],
  hourly_limit: int = 60, // messages per hour, to anyone
  external_review_threshold: int = 20, // from this many external messages a day, all are reviewed
  external_daily_limit: int = 200, // and from this many, none go out
  bulk_threshold: int = 10, // messages with this many cc addressees or more are reviewed
}

// At least one attachment carries a sensitive label.
let sensitive_attachment = has action.attachments and any a in action.attachments: any l in a.labels: l in data.sensitive_labels

// A reply a trusted agent may send outside on its own: it answers an existing thread, and the
// agent is below today's review threshold.
let routine_reply = has action.in_reply_to and trusted and usage.external_today < data.external_review_threshold

// ---- What never goes out ----------------------------------------------------------------------
forbid untrusted_agent
  when untrusted
  because "Agents below every trust tier send nothing"

forbid no_recipient
  unless has action.recipient
  because "A message needs a primary recipient"

forbid malformed_recipient
  when has action.recipient
  unless well_formed_recipient
  because "The primary recipient must be one bare address"

forbid sensitive_outside
  when external_audience and sensitive_attachment
  because "Attachments labelled sensitive never leave the organisation"

forbid hourly_limit
  when usage.sent_last_hour >= data.hourly_limit
  because "Hourly sending limit reached"

forbid external_daily_limit
  when external_audience and usage.external_today >= data.external_daily_limit
  because "Daily limit of external messages reached"

forbid external_when_degraded
  when external_audience and degraded
  because "Agents below the established tier do not write outside the organisation"

// ---- Internal ---------------------------------------------------------------------------------
permit internal_message
  when internal_only
  when probation
  because "Internal messages go out"

escalate bulk_message to "comms-reviewer"
  when has action.cc and len(action.cc) >= data.bulk_threshold
  because "Messages to many addressees are reviewed first"

// ---- External ---------------------------------------------------------------------------------
permit routine_external_reply
  when external_audience and routine_reply
  because "Trusted agents answer existing threads on their own, within the daily threshold"

escalate external_review to "comms-reviewer"
  when external_audience and established
  unless routine_reply
  because "Messages that leave the organisation are reviewed first"

// ---- Tests ------------------------------------------------------------------------------------
test "a note to a colleague" {
  input = {
    action: { channel: "chat", recipient: "alice@example.com" },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.4, eval_age: 30d, open_disputes: 2, incidents: 1 },
  }
  expect permit by internal_message
}

test "a new conversation with a customer is reviewed" {
  input = {
    action: { channel: "email", recipient: "dan@customer.io" },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by external_review
}

test "the reviewer's approval sends it" {
  input = {
    action: { channel: "email", recipient: "dan@customer.io" },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "rui", role: "comms-reviewer" },
  }
  expect permit by external_review
}

test "a trusted agent answers a customer's thread on its own" {
  input = {
    action: { channel: "email", recipient: "dan@customer.io", in_reply_to: "thread-981" },
    usage: { sent_last_hour: 3, external_today: 5 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect permit by routine_external_reply
}

test "past the daily threshold even replies are reviewed" {
  input = {
    action: { channel: "email", recipient: "dan@customer.io", in_reply_to: "thread-981" },
    usage: { sent_last_hour: 3, external_today: 20 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by external_review
}

test "an external cc makes the message external" {
  input = {
    action: { channel: "email", recipient: "alice@example.com", cc: ["erin@partner.org"] },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.7, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by external_review
}

test "a confidential attachment never leaves, approved or not" {
  input = {
    action: {
      channel: "email",
      recipient: "dan@customer.io",
      attachments: [{ name: "q3-forecast.xlsx", labels: ["financial", "confidential"] }],
    },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
    approval: { by: "rui", role: "comms-reviewer" },
  }
  expect forbid by sensitive_outside
}

test "a confidential attachment may go to a colleague" {
  input = {
    action: {
      channel: "email",
      recipient: "alice@example.com",
      attachments: [{ name: "q3-forecast.xlsx", labels: ["financial", "confidential"] }],
    },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.7, eval_age: 10d, open_disputes: 0, incidents: 0 },
  }
  expect permit by internal_message
}

test "an agent on probation writes no one outside" {
  input = {
    action: { channel: "email", recipient: "dan@customer.io", in_reply_to: "thread-981" },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.5, eval_age: 10d, open_disputes: 0, incidents: 1 },
    approval: { by: "rui", role: "comms-reviewer" },
  }
  expect forbid by external_when_degraded
}

test "the hourly limit stops everything" {
  input = {
    action: { channel: "chat", recipient: "alice@example.com" },
    usage: { sent_last_hour: 60, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect forbid by hourly_limit
}

test "a bulk internal message is reviewed" {
  input = {
    action: {
      channel: "email",
      recipient: "all-hands@example.com",
      cc: [
        "a@example.com",
        "b@example.com",
        "c@example.com",
        "d@example.com",
        "e@example.com",
        "f@example.com",
        "g@example.com",
        "h@example.com",
        "i@example.com",
        "j@example.com",
      ],
    },
    usage: { sent_last_hour: 3, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  expect escalate by bulk_message
}

test "operators tune the thresholds at run time" {
  input = {
    action: { channel: "chat", recipient: "alice@example.com" },
    usage: { sent_last_hour: 10, external_today: 0 },
    trust: { score: 0.95, eval_age: 1d, open_disputes: 0, incidents: 0 },
  }
  data = { hourly_limit: 10 }
  expect forbid by hourly_limit
}

// ---- Properties -------------------------------------------------------------------------------
property "sensitive attachments never leave the organisation" {
  given external_audience and sensitive_attachment
  expect forbid
}

property "new external conversations are always reviewed" {
  given external_audience and not has action.in_reply_to and not has approval
  expect escalate or forbid
}

property "only trusted agents write outside without review" {
  given external_audience and not trusted and not has approval
  expect escalate or forbid
}

property "the hourly limit holds" {
  given usage.sent_last_hour >= data.hourly_limit
  expect forbid
}

property "nothing goes out without a well-formed recipient" {
  given not well_formed_recipient
  expect forbid
}
