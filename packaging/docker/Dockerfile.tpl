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

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      restic postgresql-client util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
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
