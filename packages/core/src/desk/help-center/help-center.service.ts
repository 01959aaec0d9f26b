import { hitRateLimits, type RateLimitRule } from "@quartet/auth/rate-limit";
import type { Deps, RequestMeta } from "../../deps.ts";
import { AppError, RateLimitError } from "../../errors.ts";
import { configValue } from "../../platform/settings/app-config.service.ts";
import type { UploadedFile } from "../attachments/attachment.schema.ts";
import {
  type AttachmentDto,
  linkCustomerAttachments,
  storePendingFiles,
} from "../attachments/attachment.service.ts";
import { markdownToText } from "../kb/markdown.ts";
import { ticketAccessToken, verifyTicketAccessToken } from "../tickets/ticket-access.ts";
import { addCustomerReply, createCustomerTicket } from "../tickets/ticket-customer.service.ts";
import { toSegments } from "../tickets/ticket-search.service.ts";
import * as repo from "./help-center.repository.ts";
import {
  type ArticleInput,
  articleInput,
  type CategoryInput,
  type CenterInput,
  type ContactInput,
  categoryInput,
  centerInput,
  contactInput,
  type HelpArticlePage,
  type HelpCategoryNode,
  type HelpCategoryPage,
  type HelpCenterHome,
  type HelpCenterInfo,
  type HelpCrumb,
  type HelpSearchHit,
  type HelpSuggestion,
  type HelpUploadInput,
  helpUploadInput,
  type PortalReplyInput,
  type PortalTicket,
  type PortalTicketInput,
  portalReplyInput,
  portalTicketInput,
  type SearchInput,
  type SubmitSurveyInput,
  type SuggestInput,
  type SurveyInput,
  type SurveyState,
  searchInput,
  submitSurveyInput,
  suggestInput,
  surveyInput,
  type VoteInput,
  voteInput,
} from "./help-center.schema.ts";

// The public help center of a workspace (no account): articles, search, votes, the contact form,
// the customer's ticket page (opened by an HMAC link from mail) and the CSAT survey. Anything
// that doesn't exist, isn't public or isn't yours answers NOT_FOUND — never FORBIDDEN, which
// would confirm that a ticket or a draft exists.

const POPULAR_COUNT = 6;
const RELATED_COUNT = 5;
const SUGGESTION_COUNT = 5;
const HOUR_MS = 60 * 60_000;

/** Abuse guard for the contact form: opening tickets costs agents' time and sends mail. */
export const contactLimits = {
  perIp: (ip: string): RateLimitRule => ({ key: `help-contact:ip:${ip}`, limit: 10, windowSeconds: 3600 }),
  perEmail: (email: string): RateLimitRule => ({
    key: `help-contact:email:${email}`,
    limit: 5,
    windowSeconds: 3600,
  }),
  /** Replies through a ticket link (each one mails the assignee). */
  repliesPerTicket: (ticketId: string): RateLimitRule => ({
    key: `help-reply:ticket:${ticketId}`,
    limit: 30,
    windowSeconds: 3600,
  }),
  /** Files uploaded through the help center (one request per file), per client address… */
  uploadsPerIp: (ip: string): RateLimitRule => ({
    key: `help-upload:ip:${ip}`,
    limit: 30,
    windowSeconds: 3600,
  }),
  /** …and per ticket for the ticket page. */
  uploadsPerTicket: (ticketId: string): RateLimitRule => ({
    key: `help-upload:ticket:${ticketId}`,
    limit: 30,
    windowSeconds: 3600,
  }),
};

/**
 * Abuse guard for reading, per client address: search and suggestions run full-text queries, and
 * votes and views feed the article rankings (a vote or view over its limit is not counted).
 */
export const browseLimits = {
  /** `perMinute`: the runtime setting help.search_rate_limit_per_minute (admin console). */
  searchesPerIp: (ip: string, perMinute = 60): RateLimitRule => ({
    key: `help-search:ip:${ip}`,
    limit: perMinute,
    windowSeconds: 60,
  }),
  /** The contact form asks as the customer types (debounced). */
  suggestionsPerIp: (ip: string): RateLimitRule => ({
    key: `help-suggest:ip:${ip}`,
    limit: 120,
    windowSeconds: 60,
  }),
  /** Article pages read: beyond this the page itself is refused. */
  articlesPerIp: (ip: string): RateLimitRule => ({
    key: `help-article:ip:${ip}`,
    limit: 300,
    windowSeconds: 60,
  }),
  /** Views counted (the page is still shown beyond these), over all articles… */
  viewsPerIp: (ip: string): RateLimitRule => ({ key: `help-view:ip:${ip}`, limit: 200, windowSeconds: 3600 }),
  /** …and per article, whatever visitor id the client claims. */
  viewsPerIpArticle: (ip: string, articleId: string): RateLimitRule => ({
    key: `help-view:article:${articleId}:ip:${ip}`,
    limit: 10,
    windowSeconds: 3600,
  }),
  votesPerIp: (ip: string): RateLimitRule => ({ key: `help-vote:ip:${ip}`, limit: 60, windowSeconds: 3600 }),
  votesPerIpArticle: (ip: string, articleId: string): RateLimitRule => ({
    key: `help-vote:article:${articleId}:ip:${ip}`,
    limit: 5,
    windowSeconds: 3600,
  }),
};

const centerNotFound = () => new AppError("NOT_FOUND", "This help center doesn't exist.");
const linkNotFound = () =>
  new AppError("NOT_FOUND", "This link is not valid. Open the latest link we emailed you.");
/** Replies and files go to the request it was merged into. */
const mergedRefusal = (number: number) =>
  new AppError(
    "PRECONDITION_FAILED",
    `This request was merged into #${number}. Reply on that request instead.`,
    undefined,
    "TICKET_MERGED",
  );

interface Center extends HelpCenterInfo {
  orgId: string;
}

/** The workspace behind the slug, if its help center is public (enabled by default). */
async function requireCenter(deps: Deps, slug: string): Promise<Center> {
  const org = await repo.findWorkspaceBySlug(deps.db, slug);
  if (!org || org.deskSettings?.helpCenterEnabled === false) throw centerNotFound();
  return {
    orgId: org.id,
    workspaceName: org.name,
    slug: org.slug,
    title: org.deskSettings?.helpCenterTitle?.trim() || null,
  };
}

const publicInfo = ({ orgId: _orgId, ...info }: Center): HelpCenterInfo => info;

/** "30 seconds", "1 minute", "12 minutes". */
function waitTime(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

const sentTooMany = (wait: string) => `You've sent a lot of messages. Please try again in ${wait}.`;
const searchedTooMany = (wait: string) => `You're searching very fast. Please wait ${wait} and try again.`;
const readTooMany = (wait: string) => `You're opening pages very fast. Please wait ${wait} and try again.`;
const votedTooMany = (wait: string) => `You've voted a lot in a short time. Please try again in ${wait}.`;

/** Counts one hit against each rule; over any of them, TOO_MANY_REQUESTS with the wait. */
async function tooManyRequests(
  deps: Deps,
  rules: RateLimitRule[],
  message: (wait: string) => string = sentTooMany,
): Promise<void> {
  const result = await hitRateLimits(deps.db, rules, deps.clock.now());
  if (result.allowed) return;
  throw new RateLimitError(message(waitTime(result.retryAfterSeconds)), result.retryAfterSeconds);
}

type CategoryRow = Awaited<ReturnType<typeof repo.listCategories>>[number];

/** Categories as a tree (children ordered like their parents), each with its published-article count. */
function buildTree(rows: CategoryRow[], counts: Map<string, number>): HelpCategoryNode[] {
  const nodes = new Map<string, HelpCategoryNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      name: r.name,
      slug: r.slug,
      description: r.description,
      icon: r.icon,
      articleCount: counts.get(r.id) ?? 0,
      children: [],
    });
  }
  const roots: HelpCategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id);
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (!node) continue;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Ancestors of a category, root first, ending with the category itself (cycle-safe). */
function pathTo(rows: CategoryRow[], categoryId: string): HelpCrumb[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path: HelpCrumb[] = [];
  const seen = new Set<string>();
  let current = byId.get(categoryId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift({ name: current.name, slug: current.slug });
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** Does this category (or one below it) have something to read? Empty branches stay hidden. */
function hasContent(node: HelpCategoryNode): boolean {
  return node.articleCount > 0 || node.children.some(hasContent);
}

function pruneEmpty(nodes: HelpCategoryNode[]): HelpCategoryNode[] {
  return nodes.filter(hasContent).map((n) => ({ ...n, children: pruneEmpty(n.children) }));
}

export async function getHelpCenter(deps: Deps, rawInput: CenterInput): Promise<HelpCenterHome> {
  const input = centerInput.parse(rawInput);
  const center = await requireCenter(deps, input.slug);
  const [rows, counts, popular] = await Promise.all([
    repo.listCategories(deps.db, center.orgId),
    repo.countPublishedByCategory(deps.db, center.orgId),
    repo.listPopularArticles(deps.db, center.orgId, POPULAR_COUNT),
  ]);
  return { center: publicInfo(center), categories: pruneEmpty(buildTree(rows, counts)), popular };
}

export async function getHelpCategory(deps: Deps, rawInput: CategoryInput): Promise<HelpCategoryPage> {
  const input = categoryInput.parse(rawInput);
  const center = await requireCenter(deps, input.slug);
  const category = await repo.findCategoryBySlug(deps.db, center.orgId, input.categorySlug);
  if (!category) throw new AppError("NOT_FOUND", "This category doesn't exist.");
  const [rows, counts, articles] = await Promise.all([
    repo.listCategories(deps.db, center.orgId),
    repo.countPublishedByCategory(deps.db, center.orgId),
    repo.listPublishedInCategory(deps.db, center.orgId, category.id),
  ]);
  const tree = buildTree(rows, counts);
  const findNode = (nodes: HelpCategoryNode[]): HelpCategoryNode | undefined => {
    for (const n of nodes) {
      if (n.id === category.id) return n;
      const below = findNode(n.children);
      if (below) return below;
    }
    return undefined;
  };
  const children = pruneEmpty(findNode(tree)?.children ?? []).map((c) => ({
    name: c.name,
    slug: c.slug,
    description: c.description,
    articleCount: c.articleCount,
  }));
  return {
    center: publicInfo(center),
    category: { name: category.name, slug: category.slug, description: category.description },
    path: pathTo(rows, category.id).slice(0, -1),
    children,
    articles,
  };
}

/** The hour a view counts in (UTC), the de-duplication window. */
const viewHour = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * A published article; the visitor's view is counted once per hour, and only while the client
 * address is within its view limits (the page is shown either way).
 */
export async function getHelpArticle(
  deps: Deps,
  req: RequestMeta,
  rawInput: ArticleInput,
): Promise<HelpArticlePage> {
  const input = articleInput.parse(rawInput);
  await tooManyRequests(deps, [browseLimits.articlesPerIp(req.ip)], readTooMany);
  const center = await requireCenter(deps, input.slug);
  const article = await repo.findPublishedArticle(deps.db, center.orgId, input.articleSlug);
  if (!article) throw new AppError("NOT_FOUND", "This article doesn't exist or is no longer published.");
  const viewLimit = await hitRateLimits(
    deps.db,
    [browseLimits.viewsPerIp(req.ip), browseLimits.viewsPerIpArticle(req.ip, article.id)],
    deps.clock.now(),
  );
  if (viewLimit.allowed) {
    await repo.recordArticleView(deps.db, article.id, input.visitorId, viewHour(deps.clock.now()));
  }
  const [rows, related, myVote] = await Promise.all([
    repo.listCategories(deps.db, center.orgId),
    repo.listRelatedArticles(deps.db, center.orgId, article.categoryId, article.id, RELATED_COUNT),
    repo.findVote(deps.db, article.id, input.visitorId),
  ]);
  const { id: _id, categoryId, ...shown } = article;
  return {
    center: publicInfo(center),
    article: shown,
    path: pathTo(rows, categoryId),
    related,
    myVote,
  };
}

export async function searchHelpCenter(
  deps: Deps,
  req: RequestMeta,
  rawInput: SearchInput,
): Promise<{ center: HelpCenterInfo; items: HelpSearchHit[] }> {
  const input = searchInput.parse(rawInput);
  const perMinute = await configValue(deps, "help.search_rate_limit_per_minute");
  await tooManyRequests(deps, [browseLimits.searchesPerIp(req.ip, perMinute)], searchedTooMany);
  const center = await requireCenter(deps, input.slug);
  const rows = await repo.searchArticleRows(deps.db, center.orgId, input.q, input.limit);
  // Snippets come from the words a reader sees, not the markdown (no `**`, `##` or link URLs).
  const snippets = await repo.headlineTexts(
    deps.db,
    input.q,
    rows.map((r) => markdownToText(r.content)),
  );
  return {
    center: publicInfo(center),
    items: rows.map((r, i) => ({
      slug: r.slug,
      title: toSegments(r.titleHighlight),
      snippet: toSegments(snippets[i] ?? ""),
      category: { name: r.categoryName, slug: r.categorySlug },
      rank: Number(r.rank),
    })),
  };
}

// Words too common to say anything about which article helps (English and French).
const STOP_WORDS = new Set(
  (
    "the and for you your with this that have has was are but not can how what when why where who " +
    "from into about there their they them our out get got its it's just any all some would could " +
    "should will does did been being then than also very les des une pour avec dans est pas que qui " +
    "sur par plus mais vous nous ses son aux ont été comment quoi"
  ).split(" "),
);

/**
 * A to_tsquery string from free text: its distinct meaningful words OR-ed together, the last one
 * also as a prefix (`word:*`) because the customer may still be typing it. Only letters and
 * digits get through, so the result is always valid tsquery syntax.
 */
export function suggestionQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const trailingWordOpen = /[\p{L}\p{N}]$/u.test(text);
  const last = trailingWordOpen ? words.at(-1) : undefined;
  const picked: string[] = [];
  for (const w of words.slice(-40)) {
    if (w.length < 3 || STOP_WORDS.has(w) || picked.includes(w)) continue;
    picked.push(w);
  }
  const terms = picked.slice(-12).map((w) => (w === last ? `${w}:*` : w));
  if (last && last.length >= 3 && !picked.includes(last)) terms.push(`${last}:*`);
  return terms.length > 0 ? terms.join(" | ") : null;
}

/** Up to five published articles for what the customer is typing in the contact form. */
export async function suggestArticles(
  deps: Deps,
  req: RequestMeta,
  rawInput: SuggestInput,
): Promise<{ items: HelpSuggestion[] }> {
  const input = suggestInput.parse(rawInput);
  await tooManyRequests(deps, [browseLimits.suggestionsPerIp(req.ip)], searchedTooMany);
  const center = await requireCenter(deps, input.slug);
  const query = suggestionQuery(input.text);
  if (!query) return { items: [] };
  return { items: await repo.suggestArticleRows(deps.db, center.orgId, query, SUGGESTION_COUNT) };
}

/**
 * "Was this helpful?": one vote per visitor per article. The article row is locked first, so
 * concurrent votes on it are serialized and the counters always equal the votes: a first vote
 * adds one, a changed vote moves one from the old answer to the new one, a repeat changes nothing.
 * A vote over the client address's limits is refused before anything is written.
 */
export async function voteOnArticle(
  deps: Deps,
  req: RequestMeta,
  rawInput: VoteInput,
): Promise<{ helpful: boolean; helpfulCount: number; notHelpfulCount: number }> {
  const input = voteInput.parse(rawInput);
  const center = await requireCenter(deps, input.slug);
  const target = await repo.findPublishedArticleId(deps.db, center.orgId, input.articleSlug);
  if (!target) throw new AppError("NOT_FOUND", "This article doesn't exist or is no longer published.");
  await tooManyRequests(
    deps,
    [browseLimits.votesPerIp(req.ip), browseLimits.votesPerIpArticle(req.ip, target.id)],
    votedTooMany,
  );
  return deps.db.$transaction(async (tx) => {
    const article = await repo.lockPublishedArticle(tx, center.orgId, input.articleSlug);
    if (!article) throw new AppError("NOT_FOUND", "This article doesn't exist or is no longer published.");
    const previous = await repo.findVote(tx, article.id, input.visitorId);
    await repo.upsertVote(tx, article.id, input.visitorId, input.helpful, deps.clock.now());
    const delta = (answer: boolean) => (input.helpful === answer ? 1 : 0) - (previous === answer ? 1 : 0);
    const counts = await repo.bumpVoteCounts(tx, article.id, delta(true), delta(false));
    return { helpful: input.helpful, ...counts };
  });
}

/**
 * The contact form opens a PORTAL ticket for the customer (a Contact found or created by email);
 * the ticket event sends the acknowledgement mail with their secure link. Returns the number only:
 * the link to follow the ticket goes to the mailbox, which is what proves the address is theirs.
 */
export async function submitContactForm(
  deps: Deps,
  req: RequestMeta,
  rawInput: ContactInput,
): Promise<{ number: number }> {
  const input = contactInput.parse(rawInput);
  const center = await requireCenter(deps, input.slug);
  if (input.website.trim() !== "") {
    // A person never sees the honeypot field; say nothing a bot could learn from.
    deps.log.warn({ orgId: center.orgId, ip: req.ip }, "help-center contact form honeypot filled");
    throw new AppError("BAD_REQUEST", "We couldn't send your message. Please try again.", undefined, "SPAM");
  }
  await tooManyRequests(deps, [contactLimits.perIp(req.ip), contactLimits.perEmail(input.email)]);
  const created = await deps.db.$transaction(async (tx) => {
    const ticket = await createCustomerTicket(tx, deps, {
      orgId: center.orgId,
      requester: { email: input.email, name: input.name },
      subject: input.subject,
      description: input.message,
      channel: "PORTAL",
    });
    // The form's files belong to the first message (the description), like a first mail's.
    await linkCustomerAttachments(tx, {
      orgId: center.orgId,
      ticketId: ticket.ticketId,
      messageId: null,
      attachmentIds: input.attachmentIds,
      uploadedByContactId: null,
      contactId: ticket.contactId,
    });
    return ticket;
  });
  return { number: created.number };
}

/** A ticket the link opens: the token must be this ticket's, and the ticket in this workspace. */
async function requireLinkedTicket(deps: Deps, input: { slug: string; ticketId: string; token: string }) {
  const center = await requireCenter(deps, input.slug);
  if (!verifyTicketAccessToken(deps.config, input.ticketId, input.token)) throw linkNotFound();
  const ticket = await repo.findPortalTicket(deps.db, center.orgId, input.ticketId);
  if (!ticket) throw linkNotFound();
  return { center, ticket };
}

/** The customer's view of their ticket: status and the public conversation, nothing else. */
export async function getPortalTicket(deps: Deps, rawInput: PortalTicketInput): Promise<PortalTicket> {
  const input = portalTicketInput.parse(rawInput);
  const { center, ticket } = await requireLinkedTicket(deps, input);
  const rows = await repo.findPortalMessages(deps.db, center.orgId, ticket.id);
  const survivor = ticket.mergedInto;
  return {
    center: publicInfo(center),
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    createdAt: ticket.createdAt,
    description: ticket.description,
    attachments: ticket.attachments,
    mergedIntoNumber: survivor?.number ?? null,
    // The same customer's request: their link to it. Someone else's: the number only.
    mergedIntoLink:
      survivor && survivor.contactId === ticket.contactId
        ? { ticketId: survivor.id, token: ticketAccessToken(deps.config, survivor.id) }
        : null,
    messages: rows.map((m) => {
      if (m.authorUserId) {
        return {
          id: m.id,
          author: "agent" as const,
          authorName: m.authorUser?.name?.trim() || null,
          body: m.message,
          createdAt: m.createdAt,
          attachments: m.attachments,
        };
      }
      const mine = m.authorContactId === ticket.contactId;
      return {
        id: m.id,
        author: mine ? ("you" as const) : ("other" as const),
        authorName: mine ? null : m.authorContact?.name?.trim() || null,
        body: m.message,
        createdAt: m.createdAt,
        attachments: m.attachments,
      };
    }),
  };
}

/** The customer answers through their link; a resolved or closed ticket reopens. */
export async function replyToPortalTicket(deps: Deps, rawInput: PortalReplyInput): Promise<{ ok: true }> {
  const input = portalReplyInput.parse(rawInput);
  const { center, ticket } = await requireLinkedTicket(deps, input);
  if (ticket.mergedInto) throw mergedRefusal(ticket.mergedInto.number);
  await tooManyRequests(deps, [contactLimits.repliesPerTicket(ticket.id)]);
  const message = await deps.db.$transaction(async (tx) => {
    const added = await addCustomerReply(tx, deps, {
      orgId: center.orgId,
      ticketId: ticket.id,
      contactId: ticket.contactId,
      message: input.message,
      via: "customer",
    });
    if (added)
      await linkCustomerAttachments(tx, {
        orgId: center.orgId,
        ticketId: ticket.id,
        messageId: added.id,
        attachmentIds: input.attachmentIds,
        uploadedByContactId: ticket.contactId,
        contactId: ticket.contactId,
      });
    return added;
  });
  if (!message) throw linkNotFound();
  return { ok: true };
}

/** Where a help-center upload goes: the workspace, and the uploading contact when known. */
export interface HelpUploadTarget {
  orgId: string;
  /** The ticket's requester (ticket page); null for the contact form (no contact yet). */
  contactId: string | null;
}

/**
 * Checked before the upload route reads a byte: the help center exists (and, for a ticket page,
 * the link is valid and the request not merged), and the client is within its upload limits.
 * Unknown centers and bad links are NOT_FOUND, as everywhere in the help center.
 */
export async function authorizeHelpUpload(
  deps: Deps,
  req: RequestMeta,
  rawInput: HelpUploadInput,
): Promise<HelpUploadTarget> {
  const input = helpUploadInput.parse(rawInput);
  if (input.ticketId && input.token) {
    const { center, ticket } = await requireLinkedTicket(deps, {
      slug: input.slug,
      ticketId: input.ticketId,
      token: input.token,
    });
    if (ticket.mergedInto) throw mergedRefusal(ticket.mergedInto.number);
    await tooManyRequests(deps, [
      contactLimits.uploadsPerIp(req.ip),
      contactLimits.uploadsPerTicket(ticket.id),
    ]);
    return { orgId: center.orgId, contactId: ticket.contactId };
  }
  const center = await requireCenter(deps, input.slug);
  await tooManyRequests(deps, [contactLimits.uploadsPerIp(req.ip)]);
  return { orgId: center.orgId, contactId: null };
}

/**
 * Stores a customer's files (same limits as agents': 5 files of 10 MB, no programs) until the
 * reply or the contact form that carries their ids is sent; unsent ones are cleaned up after 24 h.
 */
export function storeHelpUploads(
  deps: Deps,
  target: HelpUploadTarget,
  files: UploadedFile[],
): Promise<{ attachments: AttachmentDto[] }> {
  return storePendingFiles(deps, target.orgId, { userId: null, contactId: target.contactId }, files);
}

export async function getSurvey(deps: Deps, rawInput: SurveyInput): Promise<SurveyState> {
  const input = surveyInput.parse(rawInput);
  const { center, ticket } = await requireLinkedTicket(deps, input);
  const survey = await repo.findSurvey(deps.db, center.orgId, ticket.id);
  if (!survey) throw linkNotFound();
  return {
    center: publicInfo(center),
    number: survey.ticket.number,
    subject: survey.ticket.subject,
    answered: survey.respondedAt !== null,
    rating: survey.rating,
  };
}

/** Records the rating once; a second answer is refused (the first one stands). */
export async function submitSurvey(deps: Deps, rawInput: SubmitSurveyInput): Promise<{ ok: true }> {
  const input = submitSurveyInput.parse(rawInput);
  const { center, ticket } = await requireLinkedTicket(deps, input);
  const answered = await repo.answerSurvey(deps.db, center.orgId, ticket.id, {
    rating: input.rating,
    comment: input.comment || null,
    now: deps.clock.now(),
  });
  if (answered) return { ok: true };
  if (!(await repo.findSurvey(deps.db, center.orgId, ticket.id))) throw linkNotFound();
  throw new AppError(
    "CONFLICT",
    "You've already rated this request. Thank you!",
    undefined,
    "SURVEY_ALREADY_ANSWERED",
  );
}
