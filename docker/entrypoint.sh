#!/bin/sh
# The image's one entry: which Quartet process this container runs.
set -e
cd /app
case "$1" in
  # instrument.js first: tracing (on when OTEL_EXPORTER_OTLP_ENDPOINT is set) hooks the modules
  # before main.js imports them.
  web) exec node --enable-source-maps --import ./apps/web/dist-server/instrument.js apps/web/dist-server/main.js ;;
  admin) exec node --enable-source-maps --import ./apps/admin/dist-server/instrument.js apps/admin/dist-server/main.js ;;
  worker) exec node --enable-source-maps --import ./apps/worker/dist/instrument.js apps/worker/dist/main.js ;;
  # Applies the committed migrations (prisma migrate deploy), then exits.
  migrate)
    cd packages/db
    exec node node_modules/prisma/build/index.js migrate deploy ;;
  *) exec "$@" ;;
esac
