# Lien Thong hub: build stage (all dependencies, `npm run build`), runtime stage (production dependencies and the
# build only, non-root). test/production-build.test.ts runs these same steps in a scratch folder: see README
# "Deploying with Docker" for what was verified and how.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# The prepared embedded database (used when DATABASE_URL is unset): a new /data starts from it in a few seconds.
RUN npm run snapshot -- --if-stale

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data \
    EMBEDDED_SNAPSHOT_DIR=/app/snapshot
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: no production dependency needs one (@apollo/protobufjs's only prints version warnings), and the
# package's own lifecycle scripts need devDependencies.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/node_modules/.cache/lien-thong ./snapshot
# The embedded database (used when DATABASE_URL is unset) lives in /data, owned by the image's non-root user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
