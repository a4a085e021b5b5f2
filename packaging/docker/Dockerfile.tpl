# {{jreleaserCreationStamp}}
# The release image, made by JReleaser's docker packager (jreleaser.yml) from the release zip. Its
# runtime stage is ./Dockerfile's (which builds from source) but for where the files come from:
# DockerfileTest keeps the two in step, line by line.
FROM eclipse-temurin:17-jre AS unpack
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip
COPY assembly/ /assembly/
RUN unzip -q /assembly/{{distributionArtifactFile}} -d /unpacked \
 && mv /unpacked/{{distributionArtifactRootEntryName}} /dist \
 && mkdir -p /opt/lifeboat/lib \
 && mv /dist/lib/lifeboat.jar /opt/lifeboat/lifeboat.jar \
 && mv /dist/lib/*.jar /opt/lifeboat/lib/

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
COPY --from=unpack /opt/lifeboat/lifeboat.jar /opt/lifeboat/lifeboat.jar
COPY --from=unpack /opt/lifeboat/lib /opt/lifeboat/lib
COPY --from=unpack /dist/bin/lifeboat-image.sh /usr/local/bin/lifeboat
COPY --from=unpack /dist/bin/cds-archive.sh /usr/local/lib/lifeboat/cds-archive.sh
# AppCDS: the archive of the classes a start loads, made by training runs at build time (see the script).
RUN /usr/local/lib/lifeboat/cds-archive.sh /opt/lifeboat/lifeboat.jar /opt/lifeboat/lifeboat.jsa
ENV HOME=/tmp LANG=C.UTF-8 RESTIC_CACHE_DIR=/cache
USER 65532:65532
VOLUME ["/tmp", "/cache"]
ENTRYPOINT ["lifeboat"]
