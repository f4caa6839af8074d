# syntax=docker/dockerfile:1
# Multi-stage build: a static binary (scripts/build.sh, the same script the
# tests build with) on a distroless base, running as a non-root user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
# The module and build caches persist between builds (BuildKit), so a code
# change recompiles only what changed.
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    scripts/build.sh /out/alertmanager-pushover \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="alertmanager-pushover" \
      org.opencontainers.image.description="Prometheus Alertmanager webhook receiver for Pushover: routed pages that stop ringing when the alert resolves" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/alertmanager-pushover/alertmanager-pushover"
COPY --from=build /out/alertmanager-pushover /bin/alertmanager-pushover
COPY --from=build --chown=65532:65532 /out/data /data
# The demo configuration: it holds the token of Pushover's documentation, so
# the bridge serves it in dry run and says so in its log. Mount your own over it.
COPY examples/config.yml /etc/alertmanager-pushover/config.yml
USER 65532:65532
EXPOSE 9095
VOLUME ["/data"]
WORKDIR /data
ENTRYPOINT ["/bin/alertmanager-pushover"]
CMD ["--config.file=/etc/alertmanager-pushover/config.yml", "--storage.path=/data"]
