# syntax=docker/dockerfile:1
# One Dockerfile, two images:
#   docker build --target server  -t iam-server  .   # the API / OpenID Provider (:3000)
#   docker build --target console -t iam-console .   # the Next.js console and end-user pages (:3001)
# The server runs its production build (apps/server/dist/main.mjs, an esbuild bundle of its
# TypeScript and the workspace packages) with plain node, exactly as `pnpm start` does.

# Node 24, the LTS line the image runs (Node 20 reached its end of life in April 2026).
ARG NODE_VERSION=24.22
FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1 CI=1
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app

# Production dependencies of every workspace package, with the sources. The bundle imports its
# third-party packages from apps/server/node_modules and reads packages/db/drizzle (migrations),
# so the server image keeps this tree and adds the bundle to it.
FROM base AS prod
COPY . .
RUN pnpm install --frozen-lockfile --prod

# Everything, for the production builds: the API's bundle and the console's Next build.
FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM base AS server
ENV NODE_ENV=production PORT=3000
COPY --from=prod --chown=node:node /app /app
COPY --from=build --chown=node:node /app/apps/server/dist /app/apps/server/dist
# `iam …` inside the container runs the admin CLI against the same environment.
RUN printf '#!/bin/sh\ncd /app/apps/cli && exec node --import tsx src/main.ts "$@"\n' > /usr/local/bin/iam && chmod +x /usr/local/bin/iam
USER node
WORKDIR /app/apps/server
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not pnpm) so SIGTERM reaches the server, which drains in-flight requests; source
# maps so logged stack traces name the TypeScript sources (the same flags as `pnpm start`).
CMD ["node", "--enable-source-maps", "dist/main.mjs"]

FROM base AS console
ENV NODE_ENV=production PORT=3001
COPY --from=prod --chown=node:node /app /app
COPY --from=build --chown=node:node /app/apps/web/.next /app/apps/web/.next
USER node
WORKDIR /app/apps/web
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The console reads BETTER_AUTH_URL and WEB_URL at request time: one image serves any deployment.
CMD ["sh", "-c", "exec node node_modules/next/dist/bin/next start -p \"$PORT\""]
