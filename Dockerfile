# Production image: the built web app and the server, run as an unprivileged user, talking to the
# PostgreSQL that DATABASE_URL names (see compose.yaml). `npm start` stays the one-command embedded path.

# Build stage: every dependency (Vite is a dev dependency), then the web app into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node_modules/.bin/vite build

# Runtime stage: production dependencies only, the server's source (run by tsx) and dist/.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SEED_DEMO=false \
    STATIC_DIR=dist \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src/shared ./src/shared
COPY src/server ./src/server
COPY audit-frameworks ./audit-frameworks
COPY --from=build /app/dist ./dist
# The node image's unprivileged user; it owns only the (embedded-database) data folder.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# Up only while the database answers (/api/health runs a query); node is here, curl is not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tsx directly, not npm, so SIGTERM reaches the server and it shuts down cleanly.
CMD ["node_modules/.bin/tsx", "src/server/main.ts"]
