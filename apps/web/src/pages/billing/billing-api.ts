import { trpc } from "../../lib/trpc.ts";

// The payment procedures (router `billing`: checkout, portal, cancel, resume, plan change, payment
// history) are built by the payments layer. Until its router is part of AppRouter they are called
// by their agreed contract through this one typed accessor; the reads come from `billingOverview`.

export type PaidPlan = "PRO" | "BUSINESS";
export type Interval = "MONTHLY" | "YEARLY";

export interface PaymentRow {
  id: string;
  type: "SUBSCRIPTION_INITIAL" | "SUBSCRIPTION_RENEWAL" | "SUBSCRIPTION_UPGRADE" | "DAY_PASS_PURCHASE";
  status: "PENDING" | "COMPLETED" | "FAILED" | "REFUNDED" | "PARTIALLY_REFUNDED";
  amount: number | string;
  currency: string;
  plan: "FREE" | PaidPlan | null;
  paidAt: Date | string | null;
  createdAt: Date | string;
  receiptNumber: string | null;
}

interface MutationHook<I, O> {
  useMutation: () => { mutateAsync: (input: I) => Promise<O>; isPending: boolean };
}

interface BillingContract {
  startCheckout: MutationHook<
    { orgId: string; plan: PaidPlan; interval: Interval; coupon?: string },
    { url: string }
  >;
  startDayPassCheckout: MutationHook<{ coupon?: string }, { url: string }>;
  openPortal: MutationHook<{ orgId: string }, { url: string }>;
  cancel: MutationHook<{ orgId: string }, unknown>;
  resume: MutationHook<{ orgId: string }, unknown>;
  changePlan: MutationHook<{ orgId: string; plan: PaidPlan; interval: Interval }, unknown>;
  payments: {
    useInfiniteQuery: (
      input: { orgId: string },
      options: { getNextPageParam: (page: { nextCursor?: string | null }) => string | null | undefined },
    ) => {
      data?: { pages: { items: PaymentRow[]; nextCursor?: string | null }[] };
      isPending: boolean;
      isError: boolean;
      error: unknown;
      refetch: () => unknown;
      hasNextPage: boolean;
      fetchNextPage: () => unknown;
      isFetchingNextPage: boolean;
    };
  };
}

export const billingApi = (trpc as unknown as { billing: BillingContract }).billing;

/** The receipt of a payment, served by the web server as a PDF. */
export const receiptUrl = (paymentId: string) => `/billing/receipts/${paymentId}.pdf`;

/**
 * Opens a provider page (checkout, portal) in a new tab so this page — and what the person was
 * doing — stays; returns false when the browser blocked the tab.
 */
export function openProviderPage(url: string): boolean {
  const tab = window.open(url, "_blank");
  if (!tab) return false;
  try {
    tab.opener = null;
  } catch {
    // cross-origin already
  }
  return true;
}
