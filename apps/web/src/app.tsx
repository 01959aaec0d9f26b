import { UiProvider } from "@quartet/ui/ui-provider";
import { RouterProvider } from "react-router/dom";
import { reportPlanLimit } from "./lib/plan-limit.ts";
import { emitUnauthorized } from "./lib/session-events.ts";
import { TrpcProvider } from "./lib/trpc.ts";
import { router } from "./router.tsx";

export function App() {
  return (
    <TrpcProvider onUnauthorized={(source) => emitUnauthorized(source)} onPlanLimit={reportPlanLimit}>
      <UiProvider>
        <RouterProvider router={router} />
      </UiProvider>
    </TrpcProvider>
  );
}
