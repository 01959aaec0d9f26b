import { UiProvider } from "@quartet/ui/ui-provider";
import { RouterProvider } from "react-router/dom";
import { emitUnauthorized } from "./lib/session-events.ts";
import { TrpcProvider } from "./lib/trpc.ts";
import { router } from "./router.tsx";

export function App() {
  return (
    <TrpcProvider onUnauthorized={(source) => emitUnauthorized(source)}>
      <UiProvider>
        <RouterProvider router={router} />
      </UiProvider>
    </TrpcProvider>
  );
}
