/** Builds bundle JSON around one flow definition, for interpreter tests that need precise state shapes. */
export function flowBundle(
  states: Record<string, unknown>,
  options: { startAt?: string; actions?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(options.actions ?? {}))
    resources[name] = { type: "ZIS::Action::Http", properties: { name, definition } };
  resources.TestFlow = {
    type: "ZIS::Flow",
    properties: {
      name: "TestFlow",
      definition: { StartAt: options.startAt ?? Object.keys(states)[0], States: states },
    },
  };
  resources.TestJobSpec = {
    type: "ZIS::JobSpec",
    properties: {
      name: "TestJobSpec",
      event_source: "support",
      event_type: "ticket.TicketCreated",
      flow_name: "zis:test_int:flow:TestFlow",
    },
  };
  return { name: "test", zis_template_version: "2019-10-14", resources };
}

/** A ticket event payload (`$.input`). */
export const ticketInput = (ticket: Record<string, unknown> = {}) => ({
  ticket_event: {
    type: "Ticket Created",
    ticket: { id: 1001, status: "new", priority: "urgent", tags: ["a", "b"], ...ticket },
  },
});
