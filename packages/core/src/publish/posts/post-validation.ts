import {
  checkPublishRules,
  PUBLISH_RULES,
  type PublishMedia,
  type PublishProviderId,
} from "@quartet/integrations/social/publish";

// A channel's post against its platform's rules: the first post and every reply of its thread.
// Issues come back keyed by form field, prefixed with the channel's name, for the composer.

export interface ChannelDraft {
  index: number;
  channelName: string;
  rules: PublishProviderId;
  text: string;
  title: string | null;
  media: readonly PublishMedia[];
  thread: readonly string[];
}

export function validateChannelDraft(draft: ChannelDraft): Record<string, string> {
  const rules = PUBLISH_RULES[draft.rules];
  const errors: Record<string, string> = {};
  const prefix = `channels.${draft.index}`;
  const put = (field: string, message: string) => {
    errors[`${prefix}.${field}`] ??= `${draft.channelName}: ${message}`;
  };
  for (const issue of checkPublishRules(rules, { text: draft.text, title: draft.title, media: draft.media }))
    put(issue.field, issue.message);
  if (draft.thread.length > 0 && !rules.threads) put("thread", `${rules.name} doesn't take threads.`);
  draft.thread.forEach((reply, i) => {
    for (const issue of checkPublishRules(
      { ...rules, media: { ...rules.media, required: false } },
      {
        text: reply,
        media: [],
      },
    ))
      put(`thread.${i}`, `reply ${i + 1}: ${issue.message}`);
  });
  return errors;
}
