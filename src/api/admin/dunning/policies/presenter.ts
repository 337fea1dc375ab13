/** A policy as the API shows it: stages in their order, defaults filled in for optional lists. */
export function presentPolicy(policy: any) {
  return {
    ...policy,
    cc: policy.cc ?? [],
    bcc: policy.bcc ?? [],
    customer_group_ids: policy.customer_group_ids ?? [],
    send_days: policy.send_days ?? [1, 2, 3, 4, 5],
    channels: policy.channels ?? ["email"],
    // null: reminders go on until the invoice is paid
    max_notices: policy.max_notices ?? null,
    // only what an admin can send back: the array order is the stage order
    stages: [...(policy.stages ?? [])]
      .sort((a: any, b: any) => a.position - b.position)
      .map((s: any) => ({
        id: s.id,
        name: s.name,
        offset_days: s.offset_days,
        action: s.action,
        tone: s.tone,
        repeats: s.repeats,
        stops_reminders: !!s.stops_reminders,
        channel: s.channel,
        subject_template: s.subject_template,
        body_html_template: s.body_html_template,
        body_text_template: s.body_text_template,
        translations: s.translations ?? null,
      })),
  }
}
