# The lifeboat image: the CLI, the controller (lifeboat reconcile --watch) and the Jobs' entrypoint
# (lifeboat backup-manager ...). JRE 17, restic (pinned, checksummed), PostgreSQL's client tools (pg_dump, pg_restore, psql),
# util-linux's setpriv (restic dies with the manager), the jar, and an AppCDS archive trained at build.
# Runs as the non-root user 65532 with a read-only root file system: /tmp and /cache are volumes
# (emptyDirs in every Job lifeboat makes). No image is built on the project's build machines (no
# Docker engine there); docs/image.md says how to build it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -q -ntp -DskipTests package

# restic, pinned: the release lifeboat is tested with (ResticPin.TESTED; DockerfileTest keeps them equal), checked
# against its published SHA-256 for the platform being built (buildx sets TARGETARCH: amd64, arm64).
FROM debian:bookworm-slim AS restic
ARG RESTIC_VERSION=0.14.0
ARG TARGETARCH
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl ca-certificates bzip2 \
 && case "${TARGETARCH:-amd64}" in \
      amd64) sha=c8da7350dc334cd5eaf13b2c9d6e689d51e7377ba1784cc6d65977bd44ee1165 ;; \
      arm64) sha=24c7ca3fe6905b3a493a67237ff081ba9e11abfb27dcb73f18d0a4595926c35d ;; \
      *) echo "no pinned restic for ${TARGETARCH}" >&2; exit 1 ;; \
    esac \
 && curl -fsSL -o /tmp/restic.bz2 \
      "https://github.com/restic/restic/releases/download/v${RESTIC_VERSION}/restic_${RESTIC_VERSION}_linux_${TARGETARCH:-amd64}.bz2" \
 && echo "${sha}  /tmp/restic.bz2" | sha256sum -c - \
 && bunzip2 -c /tmp/restic.bz2 > /usr/local/bin/restic \
 && chmod 0755 /usr/local/bin/restic \
 && /usr/local/bin/restic version | grep -q "^restic ${RESTIC_VERSION} "

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      postgresql-client util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=restic /usr/local/bin/restic /usr/local/bin/restic
COPY --from=build /src/target/lifeboat.jar /opt/lifeboat/lifeboat.jar
COPY --from=build /src/target/lib /opt/lifeboat/lib
COPY packaging/lifeboat-image.sh /usr/local/bin/lifeboat
COPY packaging/cds-archive.sh /usr/local/lib/lifeboat/cds-archive.sh
# AppCDS: the archive of the classes a start loads, made by training runs at build time (see the script).
RUN /usr/local/lib/lifeboat/cds-archive.sh /opt/lifeboat/lifeboat.jar /opt/lifeboat/lifeboat.jsa
ENV HOME=/tmp LANG=C.UTF-8 RESTIC_CACHE_DIR=/cache
USER 65532:65532
VOLUME ["/tmp", "/cache"]
ENTRYPOINT ["lifeboat"]
