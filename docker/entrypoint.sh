#!/bin/sh
# The image's one entry: which Quartet process this container runs.
set -e
cd /app
case "$1" in
  web) exec node --enable-source-maps apps/web/dist-server/main.js ;;
  admin) exec node --enable-source-maps apps/admin/dist-server/main.js ;;
  worker) exec node --enable-source-maps apps/worker/dist/main.js ;;
  # Applies the committed migrations (prisma migrate deploy), then exits.
  migrate)
    cd packages/db
    exec node node_modules/prisma/build/index.js migrate deploy ;;
  *) exec "$@" ;;
esac
